const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text with every lone UTF-16 surrogate replaced by U+FFFD. Customer text can
 * carry them (a cut emoji, hostile input) and Chroma rejects the whole request
 * body when a document holds one.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}
