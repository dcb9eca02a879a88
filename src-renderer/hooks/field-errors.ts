/**
 * Splits an engine message (`url: must name a host; key: must not be empty`) into messages per
 * field (only the fields given) and the rest.
 */
export function splitFieldErrors<F extends string>(message: string, fields: readonly F[]): { byField: Partial<Record<F, string>>; other: string[] } {
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^([\w.]+): (.+)$/s.exec(part);
    const head = match?.[1]?.split('.')[0];
    const field = fields.find((f) => f === head);
    if (match && field) byField[field] = byField[field] ? `${byField[field]}; ${match[2]}` : match[2];
    else other.push(part);
  }
  return { byField, other };
}
