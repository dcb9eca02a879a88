/**
 * Why a snapshot <img> did not load, in the engine's words when they can be read: it answers
 * 409 with a text body (`no picture: the camera is disabled`) when it has no frame to give.
 * An <img> cannot read that body, so it is fetched once more; where that is not allowed (the
 * desktop window reads the engine from another origin) a general sentence is returned.
 */
export async function snapshotFailure(url: string, signal?: AbortSignal): Promise<string> {
  try {
    const response = await fetch(url, { signal, cache: 'no-store' });
    if (response.ok) return 'The picture arrived but the browser could not show it.';
    const text = (await response.text()).trim();
    return text ? sentence(text) : `The engine answered ${response.status}.`;
  } catch {
    return 'No picture: the camera is not live and the engine has no earlier frame of it.';
  }
}

function sentence(text: string): string {
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
