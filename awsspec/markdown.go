package awsspec

import (
	"fmt"
	"strings"
)

// MarkdownTable renders the table for the README: id, what, the rule, where it is refused, the
// AWS error and the source.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Id | What | Rule | Refused at | AWS answers | Source |\n|---|---|---|---|---|---|\n")
	esc := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ") }
	for _, r := range table {
		at := "Create (`up`)"
		if r.Phase == AtCheck {
			at = "Check (preview): pulumi-aws validates it"
		}
		src := "`" + r.Source + "`"
		if r.Doc != "" {
			src += "; " + r.Doc
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | `%s` | %s |\n", r.ID, esc(r.What), esc(r.Constraint), at, esc(strings.ReplaceAll(r.AWSError, "`", "'")), esc(src))
	}
	return b.String()
}
