// Globals that Options.Define replaces at build time; process does not exist at run time.
declare const API_URL: string;
declare const process: { env: { NODE_ENV: string } };

export const config = {
  url: typeof API_URL === "undefined" ? "none" : API_URL,
  mode: process.env.NODE_ENV,
};
