/* Cut a search query into the words of the book's search index.
 *
 * The index cuts Chinese into words with jieba (book/sphinxext/search_zh.py), but
 * Sphinx's searchtools.js keeps a run of Chinese as one query word, so 横琴合作区
 * would look for a word the index does not have. This splitQuery, which
 * searchtools.js uses in place of its own, splits at the same characters as
 * Sphinx's and then cuts each run of Chinese into the longest words the index
 * holds, left to right (one character when nothing longer is there).
 * Loaded on the search page only.
 */
"use strict";

var splitQuery = (query) => {
  const LONGEST = 12; // characters of the longest word tried
  const index = typeof Search !== "undefined" ? Search._index : null;
  const known = (word) =>
    index !== null &&
    (Object.hasOwn(index.terms, word) || Object.hasOwn(index.titleterms, word));
  const cut = (run) => {
    const words = [];
    for (let start = 0; start < run.length; ) {
      let end = Math.min(run.length, start + LONGEST);
      while (end > start + 1 && !known(run.slice(start, end))) end -= 1;
      words.push(run.slice(start, end));
      start = end;
    }
    return words;
  };
  return query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .flatMap((word) => word.split(/(\p{Script=Han}+)/u))
    .filter((piece) => piece)
    .flatMap((piece) =>
      /^\p{Script=Han}+$/u.test(piece) && !known(piece) ? cut(piece) : [piece],
    );
};
