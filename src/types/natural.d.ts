// Types for the one `natural` module qeval imports by path (the package root prints banners and reads .env).

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  /** The Porter (1980) English stemmer; `stem` lowercases its input and returns words shorter than 3 unchanged. */
  const PorterStemmer: {
    stem(token: string): string;
  };
  export = PorterStemmer;
}
