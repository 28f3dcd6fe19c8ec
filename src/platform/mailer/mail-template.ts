/** What a template writes; whoever sends it adds the recipients and headers. */
export interface MailContent {
  subject: string;
  text: string;
}

/**
 * One kind of email the product sends, with a realistic example of what it is given. Each area
 * lists its templates in one registry, and sends only what a template renders, so every email
 * can be rendered without a database: the dashboard test follows every link of every template.
 */
export interface MailTemplate<Input> {
  // A method, not a function property, so that any template fits MailTemplateRegistry.
  render(input: Input, publicUrl: string): MailContent;
  readonly example: Input;
}

export type MailTemplateRegistry = Readonly<Record<string, MailTemplate<unknown>>>;

/** Declares a template; the input type comes from `render`, and `example` must match it. */
export function defineMailTemplate<Input>(template: MailTemplate<Input>): MailTemplate<Input> {
  return template;
}
