import { useCallback, useState, type ClipboardEvent } from 'react';
import type { SupportFormSettings } from '../../api/views';
import { formatBytes } from './file-size';

export interface Attachments {
  files: File[];
  /** Why the files last offered were not all taken, for the live region. */
  problems: string[];
  add(offered: Iterable<File>): void;
  remove(index: number): void;
  clear(): void;
  /** For a form's onPaste: a pasted image (a screenshot) becomes an attachment; text pastes as usual. */
  onPaste(event: ClipboardEvent): void;
}

/**
 * The files chosen for one message, checked against the desk's limits before upload so the customer
 * learns at once; the server checks again by content. `usedBytes` is what the ticket already holds.
 */
export function useAttachments(settings: SupportFormSettings, usedBytes = 0): Attachments {
  const [files, setFiles] = useState<File[]>([]);
  const [problems, setProblems] = useState<string[]>([]);

  const add = useCallback(
    (offered: Iterable<File>) => {
      const taken = [...files];
      const found: string[] = [];
      let total = usedBytes + taken.reduce((sum, file) => sum + file.size, 0);
      for (const file of offered) {
        if (!isAcceptedType(file, settings.acceptedTypes)) {
          found.push(`${file.name}: only images and text or log files can be attached.`);
        } else if (file.size === 0) {
          found.push(`${file.name} is empty.`);
        } else if (file.size > settings.maxFileBytes) {
          found.push(`${file.name} is larger than ${formatBytes(settings.maxFileBytes)}.`);
        } else if (total + file.size > settings.maxTicketBytes) {
          found.push(
            `${file.name} would take the ticket's attachments over ${formatBytes(settings.maxTicketBytes)}.`,
          );
        } else if (taken.length >= settings.maxFilesPerMessage) {
          found.push(`${file.name}: at most ${settings.maxFilesPerMessage} files per message.`);
        } else {
          taken.push(file);
          total += file.size;
        }
      }
      setFiles(taken);
      setProblems(found);
    },
    [files, settings, usedBytes],
  );

  const remove = useCallback((index: number) => {
    setFiles((current) => current.filter((_, i) => i !== index));
    setProblems([]);
  }, []);

  const clear = useCallback(() => {
    setFiles([]);
    setProblems([]);
  }, []);

  const onPaste = useCallback(
    (event: ClipboardEvent) => {
      const pasted = Array.from(event.clipboardData.files);
      if (pasted.length === 0) return;
      event.preventDefault();
      add(pasted.map((file, index) => renamePasted(file, files.length + index + 1)));
    },
    [add, files.length],
  );

  return { files, problems, add, remove, clear, onPaste };
}

/** Browsers call every pasted image "image.png"; a numbered name tells several apart in the thread. */
function renamePasted(file: File, number: number): File {
  if (file.name && file.name !== 'image.png') return file;
  const extension = file.type.split('/')[1] ?? 'png';
  return new File([file], `pasted-image-${number}.${extension}`, { type: file.type });
}

/** Browsers know no type for `.log` files, so an unknown type is left to the server's content check. */
function isAcceptedType(file: File, accepted: string[]): boolean {
  return file.type === '' || file.type.startsWith('text/') || accepted.includes(file.type);
}
