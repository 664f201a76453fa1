// The lowdb peer: the same ~200-byte documents, each write awaited with db.write().
// lowdb rewrites the whole file on every write (through steno: tmp file + rename, no
// fsync), so its cost grows with the data stored and nothing is durable across power loss.
//
//   node lowdb_bench.mjs FILE DOCS THREADS SECONDS     prints one JSON line
import { JSONFilePreset } from 'lowdb/node'
import { existsSync } from 'node:fs'

const [file, docsArg, threadsArg, secondsArg] = process.argv.slice(2)
const docs = Number(docsArg), threads = Number(threadsArg), seconds = Number(secondsArg)

function makeDoc(id) {
  const doc = { id, title: `booking for room ${id % 97}`, body: '' }
  const base = JSON.stringify(doc).length
  doc.body = 'x'.repeat(Math.max(0, 200 - base))
  return doc
}

const fresh = !existsSync(file)
const db = await JSONFilePreset(file, { docs: {} })
if (fresh) {
  for (let i = 0; i < docs; i++) db.data.docs[`doc-${i}`] = makeDoc(i)
  await db.write()
}

let commits = 0
let stop = false
let seed = 1
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed }
async function writer() {
  while (!stop) {
    const id = rand() % docs
    db.data.docs[`doc-${id}`] = makeDoc(id)
    await db.write()
    commits++
  }
}
const t0 = process.hrtime.bigint()
setTimeout(() => { stop = true }, seconds * 1000)
await Promise.all(Array.from({ length: threads }, writer))
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9
console.log(JSON.stringify({ kind: 'commit', engine: 'lowdb', threads, preload: docs, commits, seconds: elapsed,
                             rate: commits / elapsed }))
