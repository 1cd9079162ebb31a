package web

import (
	"net/http"
	"net/url"
)

// Form holds a submitted form's values and its errors by field.
type Form struct {
	Values url.Values
	Errors map[string]string
	// order is the fields in the order they failed, for the summary.
	order []string
}

// FieldError is one field's message, for the error summary.
type FieldError struct{ Field, Msg string }

// NewForm holds r's parsed form (none when r is nil or not parsed).
func NewForm(r *http.Request) *Form {
	f := &Form{Values: url.Values{}, Errors: map[string]string{}}
	if r != nil && r.PostForm != nil {
		f.Values = r.PostForm
	}
	return f
}

// Get is a submitted value, to show it again.
func (f *Form) Get(field string) string { return f.Values.Get(field) }

// Has reports whether value was among field's submitted values.
func (f *Form) Has(field, value string) bool {
	for _, v := range f.Values[field] {
		if v == value {
			return true
		}
	}
	return false
}

// Err is field's error message, or "".
func (f *Form) Err(field string) string { return f.Errors[field] }

// Fail records msg as field's error; a field keeps its first error.
func (f *Form) Fail(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
		f.order = append(f.order, field)
	}
}

// OK reports whether no field failed.
func (f *Form) OK() bool { return len(f.Errors) == 0 }

// Summary is the errors in the order they were found, for the summary at
// the top of the page that links to each field.
func (f *Form) Summary() []FieldError {
	out := make([]FieldError, 0, len(f.order))
	for _, k := range f.order {
		out = append(out, FieldError{Field: k, Msg: f.Errors[k]})
	}
	return out
}
