// Evidence ledger: hashing files and checking inclusion proofs in the browser (Web Crypto),
// so the file never leaves the device and the page need not be trusted (issue #5 §4).
// Leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right), RFC 9162 §2.1.3.2.
// The checkpoint's Ed25519 signatures are checked by the server only (not in the browser).
(function () {
  "use strict";
  const subtle = window.crypto && window.crypto.subtle;

  function hex(buf) {
    return Array.from(new Uint8Array(buf)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }
  function fromB64(s) {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }
  async function sha256(bytes) { return new Uint8Array(await subtle.digest("SHA-256", bytes)); }
  const leafHash = (entry) => sha256(concat(new Uint8Array([0]), entry));
  const nodeHash = (l, r) => sha256(concat(new Uint8Array([1]), l, r));
  function equal(a, b) { return a.length === b.length && a.every((x, i) => x === b[i]); }

  async function rootFromInclusion(index, size, leaf, proof) {
    if (index >= size || leaf.length !== 32) throw new Error("index out of range");
    let fn = index, sn = size - 1, r = leaf;
    for (const p of proof) {
      if (p.length !== 32) throw new Error("bad proof hash");
      if (sn === 0) throw new Error("proof too long");
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) { while (fn !== 0 && fn % 2 === 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    if (sn !== 0) throw new Error("proof too short");
    return r;
  }

  function checkpointRoot(note) {
    const text = note.slice(0, note.lastIndexOf("\n\n") + 1);
    const lines = text.split("\n");
    return { size: parseInt(lines[1], 10), root: fromB64(lines[2]) };
  }

  async function verifyBlock(el) {
    const out = el.querySelector("[data-browser-result]");
    try {
      const d = JSON.parse(el.querySelector("script[type='application/json']").textContent);
      const entry = fromB64(d.entry);
      const text = new TextDecoder().decode(entry);
      if (!text.includes("\ncontent-sha256 " + d.content_sha256 + "\n")) throw new Error("entry does not name this hash");
      const cp = checkpointRoot(d.checkpoint);
      if (cp.size !== d.size) throw new Error("size differs from the checkpoint");
      const root = await rootFromInclusion(d.index, d.size, await leafHash(entry), d.proof.map(fromB64));
      if (!equal(root, cp.root)) throw new Error("proof does not reach the checkpoint root");
      out.textContent = out.dataset.ok;
      out.className = "badge badge-ok";
      out.dataset.state = "ok";
    } catch (e) {
      out.textContent = out.dataset.fail + " (" + e.message + ")";
      out.className = "error";
      out.setAttribute("role", "alert");
      out.dataset.state = "fail";
    }
  }

  async function hashInto(input, target, shown, form) {
    const file = input.files && input.files[0];
    if (!file) return;
    const digest = hex(await subtle.digest("SHA-256", await file.arrayBuffer()));
    target.value = digest;
    if (shown) shown.textContent = digest;
    if (form) form.submit();
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!subtle) return;
    document.querySelectorAll("[data-ledger-proof]").forEach(verifyBlock);
    const verifyFile = document.getElementById("ledger-verify-file");
    if (verifyFile) {
      verifyFile.addEventListener("change", () =>
        hashInto(verifyFile, document.getElementById("ledger-q"), null, document.getElementById("ledger-verify-form")));
    }
    const regFile = document.getElementById("ledger-register-file");
    if (regFile) {
      regFile.addEventListener("change", () =>
        hashInto(regFile, document.getElementById("ledger-content-sha256"), document.getElementById("ledger-hash-shown"), null));
    }
  });
  window.smartjusticeLedger = { rootFromInclusion, leafHash, nodeHash };
})();
