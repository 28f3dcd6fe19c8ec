const urlPattern = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its http(s) links clickable, so staff can follow links in mails they read. */
export function LinkifiedText({ text }: { text: string }) {
  return (
    <>
      {text.split(urlPattern).map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} rel="noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}
