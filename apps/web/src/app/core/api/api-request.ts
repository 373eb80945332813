/**
 * How a typed call becomes a URL: the document's path template filled in and the query parameters
 * that were given. No Angular import, so the unit tests run it as it is.
 */

type ParameterValue = string | number | boolean;

/** `/api/v1/trackers/{id}` with `{ id: 7 }` → `/api/v1/trackers/7`; each value percent-encoded. */
export function expandPath(template: string, values: Record<string, ParameterValue> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** The query parameters that have a value, as HttpClient takes them (left-out ones are not sent). */
export function queryParams(
  query: Record<string, ParameterValue | readonly ParameterValue[] | null | undefined> = {},
): Record<string, ParameterValue | readonly ParameterValue[]> {
  const params: Record<string, ParameterValue | readonly ParameterValue[]> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params[name] = value;
  }
  return params;
}
