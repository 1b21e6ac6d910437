package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Marker starts every markdown diff of a stack, so a CI job can find and update its comment.
func Marker(stack string) string { return "<!-- vpclink-plan-diff:" + stack + " -->" }

// maxRows caps each details table of the markdown, so a comment stays well under GitHub's 65536
// characters even for a stack with hundreds of changes.
const maxRows = 60

// JSON renders the diff, indented.
func (d *Diff) JSON() ([]byte, error) { return json.MarshalIndent(d, "", "  ") }

func (d *Diff) summary() string {
	return fmt.Sprintf("%d to add, %d to remove, %d to change, %d to replace", len(d.Added), len(d.Removed), len(d.Changed), len(d.Replaced))
}

// WriteText prints the diff for people.
func (d *Diff) WriteText(w io.Writer) {
	fmt.Fprintf(w, "vpclink plan of stack %s against %s: %s\n", d.Stack, d.Base, d.summary())
	if c := Components(d.Added); len(c) > 0 {
		fmt.Fprintf(w, "  components added: %s\n", strings.Join(c, ", "))
	}
	if c := Components(d.Removed); len(c) > 0 {
		fmt.Fprintf(w, "  components removed: %s\n", strings.Join(c, ", "))
	}
	section := func(title string, rs []ResourceChange, mark string) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(rs))
		for _, r := range rs {
			line := fmt.Sprintf("  %s %s  %s", mark, r.Type, r.Name)
			if len(r.Keys) > 0 {
				line += "  [" + strings.Join(r.Keys, ", ") + "]"
			}
			if r.Protected && mark == "-" {
				line += "  PROTECTED: the deletion will fail"
			}
			fmt.Fprintln(w, line)
		}
	}
	section("Added", d.Added, "+")
	section("Removed", d.Removed, "-")
	section("Changed", d.Changed, "~")
	if len(d.Replaced) > 0 {
		fmt.Fprintf(w, "\nReplacements (%d)\n", len(d.Replaced))
		for _, s := range d.Reasons {
			fmt.Fprintf(w, "  %s\n", s)
		}
		for _, r := range d.Replaced {
			line := fmt.Sprintf("  +- %s  %s  [%s]", r.Type, r.Name, strings.Join(r.Keys, ", "))
			if r.Protected {
				line += "  PROTECTED: the replacement will fail"
			}
			fmt.Fprintln(w, line)
		}
	}
	c := d.Cost
	fmt.Fprintf(w, "\nMonthly cost: %.2f -> %.2f %s (%+.2f)\n", c.Before, c.After, c.Currency, c.Delta)
	for _, l := range c.Lines {
		if l.Delta != 0 {
			fmt.Fprintf(w, "  %+10.2f  %-40s %.2f -> %.2f\n", l.Delta, l.Item, l.Before, l.After)
		}
	}
	if len(d.New)+len(d.Resolved) > 0 {
		fmt.Fprintf(w, "\nFindings: %d new (%d mandatory), %d resolved\n", len(d.New), d.NewMandatory(), len(d.Resolved))
		for _, f := range d.New {
			fmt.Fprintf(w, "  new      %-9s %s %s %s: %s\n", strings.ToUpper(string(f.Severity)), f.RuleID, f.Type, f.Name, f.Message)
		}
		for _, f := range d.Resolved {
			fmt.Fprintf(w, "  resolved %-9s %s %s %s\n", strings.ToUpper(string(f.Severity)), f.RuleID, f.Type, f.Name)
		}
	}
	if len(d.Outputs) > 0 {
		fmt.Fprintf(w, "\nOutputs that change (%d)\n", len(d.Outputs))
		for _, o := range d.Outputs {
			fmt.Fprintf(w, "  %s: %s -> %s\n", o.Key, compact(o.Before), compact(o.After))
		}
	}
}

// Markdown renders the diff for a pull-request comment: a summary table, the replacements (they
// are what a reviewer must see), then the details folded in <details>.
func (d *Diff) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n### vpclink plan: stack `%s` against `%s`\n\n", Marker(d.Stack), d.Stack, d.Base)
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| Resources | %d to add, %d to remove, %d to change |\n", len(d.Added), len(d.Removed), len(d.Changed))
	if c := Components(d.Added); len(c) > 0 {
		fmt.Fprintf(&b, "| Components added | %s |\n", strings.Join(c, ", "))
	}
	if c := Components(d.Removed); len(c) > 0 {
		fmt.Fprintf(&b, "| Components removed | %s |\n", strings.Join(c, ", "))
	}
	repl := fmt.Sprintf("%d", len(d.Replaced))
	if n := d.ProtectedReplacements(); n > 0 {
		repl += fmt.Sprintf(" (**%d protected: will fail**)", n)
	}
	fmt.Fprintf(&b, "| Replacements | %s |\n", repl)
	fmt.Fprintf(&b, "| Monthly cost | %.2f → %.2f %s (**%+.2f**) |\n", d.Cost.Before, d.Cost.After, d.Cost.Currency, d.Cost.Delta)
	find := fmt.Sprintf("%d new, %d resolved", len(d.New), len(d.Resolved))
	if n := d.NewMandatory(); n > 0 {
		find += fmt.Sprintf(" (**%d new mandatory**)", n)
	}
	fmt.Fprintf(&b, "| Policy findings | %s |\n", find)
	fmt.Fprintf(&b, "| Outputs that change | %d |\n", len(d.Outputs))

	if len(d.Reasons) > 0 {
		b.WriteString("\n**Replacements**\n\n")
		for _, s := range d.Reasons {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	details := func(title string, n int, header string, rows []string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(&b, "\n<details><summary>%s (%d)</summary>\n\n%s\n", title, n, header)
		for i, r := range rows {
			if i == maxRows {
				fmt.Fprintf(&b, "| … and %d more | |\n", len(rows)-maxRows)
				break
			}
			b.WriteString(r + "\n")
		}
		b.WriteString("\n</details>\n")
	}
	resRows := func(rs []ResourceChange) []string {
		var out []string
		for _, r := range rs {
			keys := strings.Join(r.Keys, ", ")
			if r.Protected && len(r.Keys) == 0 {
				keys = "protected: the deletion will fail"
			}
			out = append(out, fmt.Sprintf("| `%s` | %s | %s |", r.Type, r.Name, keys))
		}
		return out
	}
	details("Added", len(d.Added), "| Type | Name | |\n|---|---|---|", resRows(d.Added))
	details("Removed", len(d.Removed), "| Type | Name | |\n|---|---|---|", resRows(d.Removed))
	details("Changed", len(d.Changed), "| Type | Name | Inputs |\n|---|---|---|", resRows(d.Changed))
	var rr []string
	for _, r := range d.Replaced {
		why := "its own inputs"
		if r.Cause != "" {
			why = "a new id of " + r.Cause[strings.LastIndex(r.Cause, "::")+2:]
		}
		p := ""
		if r.Protected {
			p = "**protected: fails**"
		}
		rr = append(rr, fmt.Sprintf("| `%s` | %s | %s | %s | %s |", r.Type, r.Name, strings.Join(r.Keys, ", "), why, p))
	}
	details("Replaced", len(d.Replaced), "| Type | Name | Inputs | Because of | |\n|---|---|---|---|---|", rr)
	var cr []string
	for _, l := range d.Cost.Lines {
		cr = append(cr, fmt.Sprintf("| %s | %.2f | %.2f | %+.2f |", l.Item, l.Before, l.After, l.Delta))
	}
	details("Monthly cost by line", len(cr), "| Line | Before | After | Delta |\n|---|--:|--:|--:|", cr)
	var fr []string
	for _, f := range d.New {
		fr = append(fr, fmt.Sprintf("| new | %s | `%s` | %s | %s |", f.Severity, f.RuleID, f.Name, mdEscape(f.Message)))
	}
	for _, f := range d.Resolved {
		fr = append(fr, fmt.Sprintf("| resolved | %s | `%s` | %s | |", f.Severity, f.RuleID, f.Name))
	}
	details("Policy findings", len(fr), "| | Severity | Rule | Resource | Message |\n|---|---|---|---|---|", fr)
	var or []string
	for _, o := range d.Outputs {
		or = append(or, fmt.Sprintf("| `%s` | `%s` | `%s` |", o.Key, mdEscape(trim(compact(o.Before))), mdEscape(trim(compact(o.After)))))
	}
	details("Outputs that change", len(or), "| Output | Before | After |\n|---|---|---|", or)
	return b.String()
}

func compact(v any) string {
	if v == nil {
		return "(none)"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func trim(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}
