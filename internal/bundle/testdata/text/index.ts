// Text modules, as wrangler's default rules import them.
import hello from "./hello.txt";
import page from "./page.html";
import query from "./query.sql";

export const texts = [hello, page, query];
