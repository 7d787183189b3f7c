package export

import (
	"bufio"
	"encoding/json"

	"attache"
)

// jsonlEncoder writes each StoredEvent as one JSON object on its own line.
type jsonlEncoder struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func newJSONL(bw *bufio.Writer) *jsonlEncoder {
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // "<" stays "<": evidence is text, not HTML
	return &jsonlEncoder{bw: bw, enc: enc}
}

func (j *jsonlEncoder) encode(e *attache.StoredEvent) (bool, error) {
	return true, j.enc.Encode(e) // Encode ends the object with "\n"
}

func (j *jsonlEncoder) flush() error { return j.bw.Flush() }
