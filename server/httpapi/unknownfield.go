package httpapi

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
)

// unknownField finds the first key of the JSON value raw, in document
// order, that the Go type t has no field for, and returns its dotted path
// below prefix ("confirmed_profile.salary"). encoding/json rejects such a
// key but names it without its path. The walk reuses encoding/json's
// tokenizer and its field rules: json tags, embedded structs, names
// matched exactly or else case-insensitively. Elements of a list share
// their list's path, as in encoding/json's type errors.
func unknownField(raw []byte, t reflect.Type, prefix string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if decodesItself(t) {
		return "", false
	}
	switch t.Kind() {
	case reflect.Struct:
		dec := json.NewDecoder(bytes.NewReader(raw))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return "", false
		}
		for dec.More() {
			tok, err := dec.Token()
			key, isKey := tok.(string)
			var val json.RawMessage
			if err != nil || !isKey || dec.Decode(&val) != nil {
				return "", false
			}
			f, known := jsonField(t, key)
			if !known {
				return join(prefix, key), true
			}
			if path, found := unknownField(val, f.typ, join(prefix, f.name)); found {
				return path, true
			}
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return "", false
		}
		for _, item := range items {
			if path, found := unknownField(item, t.Elem(), prefix); found {
				return path, true
			}
		}
	}
	return "", false
}

// structField is a struct field as encoding/json sees it.
type structField struct {
	name string
	typ  reflect.Type
}

// jsonField finds the field of struct type t that encoding/json would
// fill from key: the exact name first, otherwise a case-insensitive match.
func jsonField(t reflect.Type, key string) (structField, bool) {
	var folded *structField
	for _, f := range jsonFields(t) {
		if f.name == key {
			return f, true
		}
		if folded == nil && strings.EqualFold(f.name, key) {
			folded = &f
		}
	}
	if folded != nil {
		return *folded, true
	}
	return structField{}, false
}

// jsonFields lists t's JSON fields, those of embedded structs included.
func jsonFields(t reflect.Type) []structField {
	var out []structField
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := sf.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			out = append(out, jsonFields(ft)...)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		out = append(out, structField{name: name, typ: sf.Type})
	}
	return out
}

// decodesItself reports whether values of t parse themselves (api.Date,
// time.Time): encoding/json does not look for fields inside them.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	for _, i := range []reflect.Type{reflect.TypeFor[json.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()} {
		if t.Implements(i) || p.Implements(i) {
			return true
		}
	}
	return false
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
