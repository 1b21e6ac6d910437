package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a stack's config: the key path (vpclink:frontends[1].variant)
// and what is wrong with its value.
type Problem struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Key + ": " + p.Message }

// ValidationError carries every problem of a config at once, so a user fixes them in one pass.
type ValidationError struct {
	Problems []Problem
	// cause is the component's *components.ArgsError when a component refused its args.
	cause error
}

// Unwrap gives the *components.ArgsError behind a problem a component found, if any.
func (e *ValidationError) Unwrap() error { return e.cause }

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	if len(lines) == 1 {
		return "invalid stack config: " + lines[0]
	}
	return fmt.Sprintf("invalid stack config (%d problems):\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// problems collects Problems while decoding and validating.
type problems []Problem

func (ps *problems) add(key, format string, args ...any) {
	*ps = append(*ps, Problem{Key: key, Message: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// childKey appends a map key to a path the way `pulumi config set --path` would write it.
func childKey(path, key string) string {
	if plainKey.MatchString(key) {
		return path + "." + key
	}
	b, _ := json.Marshal(key)
	return path + "[" + string(b) + "]"
}

// parseJSON decodes config text keeping numbers exact (json.Number), for decodeValue.
func parseJSON(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the JSON value")
	}
	return v, nil
}

// decodeValue stores src, a JSON-shaped value (map[string]any, []any, string, json.Number, bool or
// nil), into dst, following `json` tags. It never stops at the first problem: unknown keys (a typo
// in a stack file must not be silently ignored), wrong types and out-of-range numbers are all
// reported with their paths. Scalars given as strings are accepted where they parse, since
// `pulumi config set` stores strings.
func decodeValue(path string, src any, dst reflect.Value, ps *problems) {
	if src == nil {
		return
	}
	switch dst.Kind() {
	case reflect.Pointer:
		v := reflect.New(dst.Type().Elem())
		decodeValue(path, src, v.Elem(), ps)
		dst.Set(v)
	case reflect.Struct:
		m, ok := src.(map[string]any)
		if !ok {
			ps.add(path, "expected an object, got %s", describe(src))
			return
		}
		fields := map[string]int{}
		var names []string
		for i := range dst.NumField() {
			tag := strings.Split(dst.Type().Field(i).Tag.Get("json"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			fields[tag] = i
			names = append(names, tag)
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			i, ok := fields[k]
			if !ok {
				ps.add(childKey(path, k), "unknown key; allowed: %s", strings.Join(names, ", "))
				continue
			}
			decodeValue(childKey(path, k), m[k], dst.Field(i), ps)
		}
	case reflect.Slice:
		a, ok := src.([]any)
		if !ok {
			ps.add(path, "expected a list, got %s", describe(src))
			return
		}
		out := reflect.MakeSlice(dst.Type(), len(a), len(a))
		for i, e := range a {
			decodeValue(fmt.Sprintf("%s[%d]", path, i), e, out.Index(i), ps)
		}
		dst.Set(out)
	case reflect.Map:
		m, ok := src.(map[string]any)
		if !ok {
			ps.add(path, "expected an object, got %s", describe(src))
			return
		}
		out := reflect.MakeMapWithSize(dst.Type(), len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			v := reflect.New(dst.Type().Elem()).Elem()
			decodeValue(childKey(path, k), m[k], v, ps)
			out.SetMapIndex(reflect.ValueOf(k), v)
		}
		dst.Set(out)
	case reflect.String:
		switch s := src.(type) {
		case string:
			dst.SetString(s)
		case json.Number:
			dst.SetString(s.String())
		case bool:
			dst.SetString(strconv.FormatBool(s))
		default:
			ps.add(path, "expected a string, got %s", describe(src))
		}
	case reflect.Int:
		var text string
		switch s := src.(type) {
		case json.Number:
			text = s.String()
		case string:
			text = strings.TrimSpace(s)
		default:
			ps.add(path, "expected a whole number, got %s", describe(src))
			return
		}
		n, err := strconv.ParseInt(text, 10, 32)
		if err != nil {
			ps.add(path, "expected a whole number, got %q", text)
			return
		}
		dst.SetInt(n)
	case reflect.Float64:
		var text string
		switch s := src.(type) {
		case json.Number:
			text = s.String()
		case string:
			text = strings.TrimSpace(s)
		default:
			ps.add(path, "expected a number, got %s", describe(src))
			return
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			ps.add(path, "expected a number, got %q", text)
			return
		}
		dst.SetFloat(f)
	case reflect.Bool:
		switch s := src.(type) {
		case bool:
			dst.SetBool(s)
		case string:
			b, err := strconv.ParseBool(strings.TrimSpace(s))
			if err != nil {
				ps.add(path, "expected true or false, got %q", s)
				return
			}
			dst.SetBool(b)
		default:
			ps.add(path, "expected true or false, got %s", describe(src))
		}
	default:
		panic(fmt.Sprintf("decodeValue: unsupported kind %s at %s", dst.Kind(), path))
	}
}

func describe(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return strconv.Quote(x)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	default:
		return fmt.Sprintf("%v", v)
	}
}
