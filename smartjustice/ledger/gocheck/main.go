// Command gocheck verifies an `smartjustice ledger export-proof` JSON document with the
// Go reference packages golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog,
// as issue #5 §5 requires: the signed checkpoint with note.Open (the log's Ed25519 key
// and every witness's cosignature/v1 key), the inclusion proof with tlog.CheckRecord and
// the consistency proof with tlog.CheckTree.
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o gocheck ./smartjustice/ledger/gocheck
//	smartjustice ledger export-proof --index 3 --old-size 2 | ./gocheck
//
// Go's note package knows signature type 0x01 (Ed25519) only; the tlog-cosignature
// verifier below (type 0x04, C2SP tlog-cosignature v1.0.1) is this program's own code,
// plugged in through the note.Verifier interface. It prints a JSON report and exits 0
// when everything verifies, 1 (with the reason on stderr) otherwise.
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type export struct {
	Checkpoint       string   `json:"checkpoint"`
	LogVkey          string   `json:"log_vkey"`
	WitnessVkeys     []string `json:"witness_vkeys"`
	Index            int64    `json:"index"`
	LeafHash         string   `json:"leaf_hash"`
	InclusionProof   []string `json:"inclusion_proof"`
	Entry            string   `json:"entry"`
	OldSize          *int64   `json:"old_size"`
	OldRoot          string   `json:"old_root"`
	ConsistencyProof []string `json:"consistency_proof"`
}

type report struct {
	Origin      string   `json:"origin"`
	Size        int64    `json:"size"`
	Log         string   `json:"log"`
	Witnesses   []string `json:"witnesses"`
	Index       int64    `json:"index"`
	Inclusion   bool     `json:"inclusion"`
	Consistency bool     `json:"consistency"`
	OldSize     int64    `json:"old_size,omitempty"`
}

const (
	algEd25519     = 0x01
	algCosignature = 0x04
)

// cosigVerifier verifies "cosignature/v1" lines: key id = SHA-256(name || "\n" || 0x04 || pub)[:4],
// signature = u64be timestamp || Ed25519 over "cosignature/v1\ntime <ts>\n" || checkpoint text.
type cosigVerifier struct {
	name     string
	hash     uint32
	key      ed25519.PublicKey
	verified bool
}

func (v *cosigVerifier) Name() string    { return v.name }
func (v *cosigVerifier) KeyHash() uint32 { return v.hash }
func (v *cosigVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	ts := binary.BigEndian.Uint64(sig[:8])
	signed := append([]byte("cosignature/v1\ntime "+strconv.FormatUint(ts, 10)+"\n"), msg...)
	if !ed25519.Verify(v.key, signed, sig[8:]) {
		return false
	}
	v.verified = true
	return true
}

func newCosigVerifier(vkey string) (*cosigVerifier, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return nil, fmt.Errorf("malformed witness vkey %q", vkey)
	}
	name, hexID, b64 := parts[0], parts[1], parts[2]
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || (raw[0] != algEd25519 && raw[0] != algCosignature) {
		return nil, fmt.Errorf("witness vkey %q is not an Ed25519 key", vkey)
	}
	key := raw[1:]
	sum := sha256.Sum256(append(append([]byte(name+"\n"), algCosignature), key...))
	hash := binary.BigEndian.Uint32(sum[:4])
	given, err := strconv.ParseUint(hexID, 16, 32)
	if err != nil || len(hexID) != 8 {
		return nil, fmt.Errorf("witness vkey %q has a malformed key id", vkey)
	}
	if raw[0] == algCosignature && uint32(given) != hash {
		return nil, fmt.Errorf("witness vkey %q: key id does not match the key", vkey)
	}
	return &cosigVerifier{name: name, hash: hash, key: ed25519.PublicKey(key)}, nil
}

func decodeHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) != tlog.HashSize {
		return h, fmt.Errorf("%q is not a base64 SHA-256 hash", s)
	}
	copy(h[:], raw)
	return h, nil
}

func decodeHashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, 0, len(list))
	for _, s := range list {
		h, err := decodeHash(s)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// parseCheckpoint reads the C2SP tlog-checkpoint body: origin, decimal size, base64 root.
func parseCheckpoint(text string) (string, int64, tlog.Hash, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return "", 0, tlog.Hash{}, errors.New("checkpoint has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || (len(lines[1]) > 1 && lines[1][0] == '0') {
		return "", 0, tlog.Hash{}, fmt.Errorf("bad checkpoint size %q", lines[1])
	}
	root, err := decodeHash(lines[2])
	if err != nil {
		return "", 0, tlog.Hash{}, err
	}
	return lines[0], size, root, nil
}

func check(doc export) (*report, error) {
	logVerifier, err := note.NewVerifier(doc.LogVkey)
	if err != nil {
		return nil, fmt.Errorf("log vkey: %w", err)
	}
	verifiers := []note.Verifier{logVerifier}
	var witnesses []*cosigVerifier
	for _, vkey := range doc.WitnessVkeys {
		w, err := newCosigVerifier(vkey)
		if err != nil {
			return nil, err
		}
		witnesses = append(witnesses, w)
		verifiers = append(verifiers, w)
	}
	n, err := note.Open([]byte(doc.Checkpoint), note.VerifierList(verifiers...))
	if err != nil {
		return nil, fmt.Errorf("note.Open: %w", err)
	}
	logSigned := false
	for _, sig := range n.Sigs {
		if sig.Name == logVerifier.Name() && sig.Hash == logVerifier.KeyHash() {
			logSigned = true
		}
	}
	if !logSigned {
		return nil, errors.New("the checkpoint carries no valid signature of the log key")
	}
	origin, size, root, err := parseCheckpoint(n.Text)
	if err != nil {
		return nil, err
	}
	if origin != logVerifier.Name() {
		return nil, fmt.Errorf("checkpoint origin %q is not the log key's name %q", origin, logVerifier.Name())
	}
	r := &report{Origin: origin, Size: size, Log: logVerifier.Name(), Witnesses: []string{}, Index: doc.Index}
	for _, w := range witnesses {
		if w.verified {
			r.Witnesses = append(r.Witnesses, w.name)
		}
	}

	leaf, err := decodeHash(doc.LeafHash)
	if err != nil {
		return nil, fmt.Errorf("leaf_hash: %w", err)
	}
	if doc.Entry != "" {
		entry, err := base64.StdEncoding.DecodeString(doc.Entry)
		if err != nil {
			return nil, errors.New("entry is not base64")
		}
		if tlog.RecordHash(entry) != leaf {
			return nil, errors.New("leaf_hash is not the RFC 9162 leaf hash of entry")
		}
	}
	inclusion, err := decodeHashes(doc.InclusionProof)
	if err != nil {
		return nil, fmt.Errorf("inclusion_proof: %w", err)
	}
	if err := tlog.CheckRecord(tlog.RecordProof(inclusion), size, root, doc.Index, leaf); err != nil {
		return nil, fmt.Errorf("tlog.CheckRecord: %w", err)
	}
	r.Inclusion = true

	if doc.OldSize != nil {
		oldRoot, err := decodeHash(doc.OldRoot)
		if err != nil {
			return nil, fmt.Errorf("old_root: %w", err)
		}
		consistency, err := decodeHashes(doc.ConsistencyProof)
		if err != nil {
			return nil, fmt.Errorf("consistency_proof: %w", err)
		}
		if err := tlog.CheckTree(tlog.TreeProof(consistency), size, root, *doc.OldSize, oldRoot); err != nil {
			return nil, fmt.Errorf("tlog.CheckTree: %w", err)
		}
		r.Consistency = true
		r.OldSize = *doc.OldSize
	}
	return r, nil
}

func main() {
	in := io.Reader(os.Stdin)
	if len(os.Args) > 1 && os.Args[1] != "-" {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "NOT VERIFIED:", err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	var doc export
	if err := json.NewDecoder(in).Decode(&doc); err != nil {
		fmt.Fprintln(os.Stderr, "NOT VERIFIED: bad JSON:", err)
		os.Exit(1)
	}
	r, err := check(doc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "NOT VERIFIED:", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
}
