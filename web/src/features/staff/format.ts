const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** A moment in the viewer's own time zone, with the zone named so nobody guesses. */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** The one-time link as a person can paste it: this app's origin plus the server's path. */
export function absoluteLink(path: string): string {
  return new URL(path, window.location.origin).toString();
}
