package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// openAPI is the parsed openapi.json.
func openAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(openAPIDoc))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if dec.More() {
		t.Fatal("openapi.json: more than one JSON value")
	}
	return doc
}

func TestOpenAPIServed(t *testing.T) {
	_, h := newFake(t)
	w := do(t, h, "GET", "/api/openapi.json", nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if !bytes.Equal(w.Body.Bytes(), openAPIDoc) {
		t.Error("the served document is not openapi.json")
	}
	if doc := openAPI(t); doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
}

// openapi.json describes exactly the routes the API registers, with the
// path parameters of each.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := openAPI(t)
	paths := doc["paths"].(map[string]any)
	var documented, registered []string
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			checkPathParams(t, doc, path, method, op.(map[string]any))
		}
	}
	for _, rt := range (&server{}).routes() {
		registered = append(registered, rt.Method+" "+rt.Path)
	}
	slices.Sort(documented)
	slices.Sort(registered)
	if !slices.Equal(documented, registered) {
		t.Errorf("openapi.json documents\n  %s\nthe API registers\n  %s",
			strings.Join(documented, "\n  "), strings.Join(registered, "\n  "))
	}
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

func checkPathParams(t *testing.T, doc map[string]any, path, method string, op map[string]any) {
	t.Helper()
	var want, got []string
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		want = append(want, m[1])
	}
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		p := resolve(t, doc, p.(map[string]any))
		if p["in"] == "path" {
			got = append(got, p["name"].(string))
			if p["required"] != true {
				t.Errorf("%s %s: path parameter %s not required", method, path, p["name"])
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s %s: path parameters %v, want %v", method, path, got, want)
	}
	if _, ok := op["responses"].(map[string]any)["200"]; !ok && method == "get" {
		t.Errorf("%s %s: no 200 response", method, path)
	}
}

// resolve follows a $ref of the document.
func resolve(t *testing.T, doc map[string]any, v map[string]any) map[string]any {
	t.Helper()
	ref, ok := v["$ref"].(string)
	if !ok {
		return v
	}
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok || m[part] == nil {
			t.Fatalf("$ref %s does not resolve", ref)
		}
		cur = m[part]
	}
	return resolve(t, doc, cur.(map[string]any))
}

// Every $ref of the document resolves, and every schema is used.
func TestOpenAPIRefs(t *testing.T) {
	doc := openAPI(t)
	used := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				resolve(t, doc, v)
				used[ref] = true
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	for _, kind := range []string{"schemas", "parameters"} {
		for name := range doc["components"].(map[string]any)[kind].(map[string]any) {
			if !used["#/components/"+kind+"/"+name] {
				t.Errorf("components/%s/%s is never used", kind, name)
			}
		}
	}
}

// The replies of the API fit the schemas openapi.json gives for them:
// every field is documented with its type, and every required field is
// there.
func TestOpenAPIDescribesReplies(t *testing.T) {
	doc := openAPI(t)
	_, h := newFake(t)
	rc := &recorder{}
	ingest := New(nil, Options{Token: token, Ingest: rc.ingest})
	for _, tc := range []struct {
		path, target string
		h            http.Handler
		status       int
	}{
		{"/healthz", "/healthz", h, 200},
		{"/api/events", "/api/events?limit=2", h, 200},
		{"/api/events", "/api/events?code=99", h, 200},
		{"/api/events", "/api/events?limit=1001", h, 400},
		{"/api/events/{id}", "/api/events/vnru-1%231", h, 200},
		{"/api/events/{id}", "/api/events/vnru-1%239", h, 404},
		{"/api/clusters/{id}", "/api/clusters/" + talks, h, 200},
		{"/api/dyads/{a}/{b}", "/api/dyads/VNM/UZB", h, 200},
		{"/api/dyads/{a}/{b}", "/api/dyads/VNM/FRA?since=2025", h, 200},
		{"/api/countries/{c}", "/api/countries/VNM?since=2024", h, 200},
		{"/api/documents/{id}", "/api/documents/" + docTalks, h, 200},
		{"/api/search", "/api/search?q=talks", h, 200},
		{"/api/documents", "", ingest, 201},
		{"/api/documents", "", ingest, 200},
		{"/api/documents", "", ingest, 415},
	} {
		name := tc.target
		if name == "" {
			name = "POST " + strconv.Itoa(tc.status)
		}
		t.Run(name, func(t *testing.T) {
			method := "get"
			var w interface{ Result() *http.Response }
			if tc.target == "" {
				method = "post"
				ct := "application/json"
				if tc.status == 415 {
					ct = "text/plain"
				}
				w = do(t, tc.h, "POST", "/api/documents", strings.NewReader(goodBody),
					"Authorization", "Bearer "+token, "Content-Type", ct)
			} else {
				w = do(t, tc.h, "GET", tc.target, nil)
			}
			res := w.Result()
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			op := doc["paths"].(map[string]any)[tc.path].(map[string]any)[method].(map[string]any)
			r, ok := op["responses"].(map[string]any)[strconv.Itoa(tc.status)]
			if !ok {
				t.Fatalf("openapi.json gives no %d response for %s %s", tc.status, method, tc.path)
			}
			schema := resolve(t, doc, r.(map[string]any))["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
			var v any
			if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
				t.Fatal(err)
			}
			for _, p := range validate(t, doc, schema, v, "$") {
				t.Error(p)
			}
		})
	}
}

// validate checks v against a schema, with the parts of JSON Schema the
// document uses: $ref, allOf, type (one or a list), properties, required,
// additionalProperties, items, enum, const, pattern. Undocumented
// properties are problems unless the schema allows additional ones.
func validate(t *testing.T, doc, schema map[string]any, v any, at string) []string {
	t.Helper()
	schema = resolve(t, doc, schema)
	var probs []string
	if all, ok := schema["allOf"].([]any); ok {
		// An object must fit each part, and its properties are the union.
		merged := map[string]any{"type": "object", "properties": map[string]any{}, "required": []any{}}
		for _, part := range all {
			p := resolve(t, doc, part.(map[string]any))
			maps.Copy(merged["properties"].(map[string]any), p["properties"].(map[string]any))
			if req, ok := p["required"].([]any); ok {
				merged["required"] = append(merged["required"].([]any), req...)
			}
		}
		return validate(t, doc, merged, v, at)
	}
	if !hasType(schema["type"], v) {
		return []string{fmt.Sprintf("%s: %v is not of type %v", at, v, schema["type"])}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		probs = append(probs, fmt.Sprintf("%s: %v not in %v", at, v, enum))
	}
	if c, ok := schema["const"]; ok && c != v {
		probs = append(probs, fmt.Sprintf("%s: %v, want %v", at, v, c))
	}
	if pat, ok := schema["pattern"].(string); ok {
		if s, ok := v.(string); ok && !regexp.MustCompile(pat).MatchString(s) {
			probs = append(probs, fmt.Sprintf("%s: %q does not match %s", at, s, pat))
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		extra, _ := schema["additionalProperties"].(map[string]any)
		for _, r := range asList(schema["required"]) {
			if _, ok := v[r.(string)]; !ok {
				probs = append(probs, fmt.Sprintf("%s: required %s missing", at, r))
			}
		}
		for k, x := range v {
			switch ps, ok := props[k]; {
			case ok:
				probs = append(probs, validate(t, doc, ps.(map[string]any), x, at+"."+k)...)
			case extra != nil:
				probs = append(probs, validate(t, doc, extra, x, at+"."+k)...)
			default:
				probs = append(probs, fmt.Sprintf("%s: property %s is not documented", at, k))
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v {
				probs = append(probs, validate(t, doc, items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return probs
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// hasType reports whether v is of the JSON Schema type (or types) typ;
// a schema without a type accepts anything.
func hasType(typ any, v any) bool {
	if typ == nil {
		return true
	}
	types := asList(typ)
	if s, ok := typ.(string); ok {
		types = []any{s}
	}
	for _, ty := range types {
		switch x := v.(type) {
		case nil:
			if ty == "null" {
				return true
			}
		case bool:
			if ty == "boolean" {
				return true
			}
		case float64:
			if ty == "number" || (ty == "integer" && x == float64(int64(x))) {
				return true
			}
		case string:
			if ty == "string" {
				return true
			}
		case []any:
			if ty == "array" {
				return true
			}
		case map[string]any:
			if ty == "object" {
				return true
			}
		}
	}
	return false
}
