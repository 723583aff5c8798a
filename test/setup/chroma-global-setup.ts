// Placeholder: replaced by the real embedded-Chroma global setup.
export default async function setup(): Promise<void> {}
