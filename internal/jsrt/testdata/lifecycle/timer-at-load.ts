// A script that sets a timer at its top level, which Cloudflare disallows too.
setTimeout(() => {}, 10);

export default {};
