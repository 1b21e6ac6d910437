package awsspec

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// str is a string rule: a length in characters, a character set, and name-shape details.
type str struct {
	min, max int
	pattern  *regexp.Regexp
	// noPrefix are prefixes AWS reserves, compared case-insensitively when fold is set.
	noPrefix []string
	fold     bool
	// noEdgeHyphen refuses a leading or trailing hyphen.
	noEdgeHyphen bool
	// also is one more condition.
	also func(s string) bool
}

func (c str) test(v resource.PropertyValue) bool {
	if !v.IsString() {
		return false
	}
	s := v.StringValue()
	n := utf8.RuneCountInString(s)
	if n < c.min || (c.max > 0 && n > c.max) {
		return false
	}
	if c.pattern != nil && !c.pattern.MatchString(s) {
		return false
	}
	for _, p := range c.noPrefix {
		if strings.HasPrefix(s, p) || (c.fold && strings.HasPrefix(strings.ToLower(s), p)) {
			return false
		}
	}
	if c.noEdgeHyphen && (strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-")) {
		return false
	}
	return c.also == nil || c.also(s)
}

// intRange is an integer rule: min to max inclusive.
func intRange(min, max int) func(resource.PropertyValue) bool {
	return func(v resource.PropertyValue) bool {
		if !v.IsNumber() {
			return false
		}
		n := v.NumberValue()
		return n == float64(int64(n)) && n >= float64(min) && n <= float64(max)
	}
}

// intEnum is an integer rule: one of values.
func intEnum(values []int) func(resource.PropertyValue) bool {
	return func(v resource.PropertyValue) bool {
		if !v.IsNumber() {
			return false
		}
		n := v.NumberValue()
		return n == float64(int64(n)) && slices.Contains(values, int(n))
	}
}

var (
	dnsLabel           = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	dnsLabelUnderscore = regexp.MustCompile(`^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$`)
	stageChars         = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	imageChars         = regexp.MustCompile(`^[A-Za-z0-9._/:#-]+$`)
	sha256Digest       = regexp.MustCompile(`^sha256:[A-Fa-f0-9]{64}$`)
	routeKeyShape      = regexp.MustCompile(`^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[^ ]*)$`)
)

// dnsName reports whether s is a DNS name of labels of letters, digits and hyphens (underscores
// too when underscore is set), each 1 to 63 characters and not starting or ending with a hyphen.
func dnsName(s string, underscore bool) bool {
	if s == "" || len(s) > 253 || strings.HasSuffix(s, ".") {
		return false
	}
	label := dnsLabel
	if underscore {
		label = dnsLabelUnderscore
	}
	for _, l := range strings.Split(s, ".") {
		if !label.MatchString(l) {
			return false
		}
	}
	return true
}

func stringValue(s string) resource.PropertyValue { return resource.NewProperty(s) }
