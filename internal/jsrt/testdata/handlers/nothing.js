// A script that neither exports handlers nor listens to events.
globalThis.loaded = true;
