/**
 * Keeps only what the customer wrote in an emailed reply: the text above the quoted original.
 * Cuts at the first attribution line ("On <date>, <someone> wrote:", its common translations, or
 * Outlook's "-----Original Message-----" / "From: … Sent: …" block), then drops trailing ">" quoted
 * lines and a trailing signature ("-- ").
 */
const CUT_MARKERS: RegExp[] = [
  /^\s*On\b.{0,200}\bwrote:\s*$/im,
  /^\s*Am\b.{0,200}\bschrieb.{0,80}:\s*$/im,
  /^\s*Le\b.{0,200}\ba écrit\s*:\s*$/im,
  /^\s*El\b.{0,200}\bescribió:\s*$/im,
  /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/im,
  /^\s*_{5,}\s*$/m,
  /^\s*From:\s.+\n\s*(Sent|Date):\s.+$/im,
];

export function stripQuotedText(text: string): string {
  let body = text.replace(/\r\n/g, '\n');
  // A multi-line "On … wrote:" (wrapped by the mail client) is joined first so the marker matches.
  body = body.replace(/^(\s*On\b[^\n]{0,200})\n([^\n]{0,200}\bwrote:\s*)$/im, '$1 $2');
  let cut = body.length;
  for (const marker of CUT_MARKERS) {
    const match = marker.exec(body);
    if (match && match.index < cut) cut = match.index;
  }
  const lines = body.slice(0, cut).split('\n');
  const signature = lines.findIndex((line) => line === '-- ');
  const kept = (signature >= 0 ? lines.slice(0, signature) : lines).filter((line) => !/^\s*>/.test(line));
  return kept.join('\n').trim();
}
