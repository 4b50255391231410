/** Text made safe inside XML or HTML markup, in element content and in quoted attributes alike. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
