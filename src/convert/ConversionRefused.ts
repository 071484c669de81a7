/** Why the stream cannot be converted, and the byte the reason is about. */
export class ConversionRefused extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}
