// Parse a podcast feed with podcast-partytime (the Podcast Index's parser) and print the result
// as JSON. The argument is a file path or an http(s) URL (fetched as a podcast app would).
"use strict";
const fs = require("fs");
const { parseFeed } = require("podcast-partytime");

async function main() {
  const source = process.argv[2];
  let xml;
  if (/^https?:\/\//.test(source)) {
    const reply = await fetch(source, { headers: { "User-Agent": "briefcast-tests partytime" } });
    if (!reply.ok) { throw new Error(`HTTP ${reply.status} for ${source}`); }
    xml = await reply.text();
    process.stderr.write(`content-type: ${reply.headers.get("content-type")}\n`);
  } else {
    xml = fs.readFileSync(source, "utf8");
  }
  const feed = parseFeed(xml);
  if (!feed) { throw new Error("podcast-partytime did not recognise a feed"); }
  process.stdout.write(JSON.stringify(feed));
}

main().catch((error) => { process.stderr.write(String(error) + "\n"); process.exit(1); });
