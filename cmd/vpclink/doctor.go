package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/vpclink/vpclink/doctor"
	vpcplan "github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

func doctorUsage() string {
	var b strings.Builder
	b.WriteString(`vpclink doctor examines a deployed stack on AWS and says what is wrong and what to do.

Usage:
  vpclink doctor [--stack NAME] [--json] [--probe-path /health] [--timeout 3m] [--call-timeout 20s]

It reads the stack's outputs from its state (no program run), asks AWS with read-only calls (the
README lists the IAM policy), and prints one check per line: OK, WARN or FAIL, with the evidence,
the likely cause and the fix. Credentials come from the usual AWS chain (environment, profile, SSO,
instance role); the Region is the stack's aws:region.

Checks:
`)
	for _, c := range doctor.Checks {
		fmt.Fprintf(&b, "  %-15s %s\n", c.Kind, wrap(c.What, 82, strings.Repeat(" ", 18)))
	}
	b.WriteString(`
Flags:
  --stack NAME          stack to examine (default dev)
  --cwd DIR             project directory (default: the nearest one holding Pulumi.yaml)
  --json                the report as JSON: stack, region, status, counts, durationMs, checks
  --probe-path PATH     path requested under each service's invoke URL (default: its healthCheckPath)
  --timeout D           bound on the whole run (default 3m)
  --call-timeout D      bound on each AWS call, retries included (default 20s)
  --probe-timeout D     bound on each probe request (default 35s)

Exit codes: 0 every check OK, 1 a check FAILed (or doctor could not run), 2 usage, 4 WARN only.
`)
	return b.String()
}

func doctorMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpclink doctor", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		stack, cwd, probePath              string
		asJSON                             bool
		timeout, callTimeout, probeTimeout time.Duration
	)
	fs.StringVar(&stack, "stack", "dev", "")
	fs.StringVar(&cwd, "cwd", "", "")
	fs.BoolVar(&asJSON, "json", false, "")
	fs.StringVar(&probePath, "probe-path", "", "")
	fs.DurationVar(&timeout, "timeout", 3*time.Minute, "")
	fs.DurationVar(&callTimeout, "call-timeout", 20*time.Second, "")
	fs.DurationVar(&probeTimeout, "probe-timeout", 35*time.Second, "")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprint(stdout, doctorUsage())
			return exitOK
		}
		fmt.Fprintf(stderr, "vpclink doctor: %v\n\n%s", err, doctorUsage())
		return exitInvalid
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vpclink doctor: unexpected argument %q\n", fs.Arg(0))
		return exitInvalid
	}
	if probePath != "" && !strings.HasPrefix(probePath, "/") {
		fmt.Fprintf(stderr, "vpclink doctor: --probe-path %q must start with /\n", probePath)
		return exitInvalid
	}
	var progress io.Writer
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		progress = stderr
	}
	t, err := doctorTarget(ctx, stack, cwd, progress)
	if err != nil {
		fmt.Fprintf(stderr, "vpclink doctor: %v\n", err)
		return exitFailed
	}
	clients, err := doctor.NewClients(ctx, doctor.ClientOptions{Region: t.Region})
	if err != nil {
		fmt.Fprintf(stderr, "vpclink doctor: %v\n", err)
		return exitFailed
	}
	rep := doctor.Run(ctx, t, doctor.Options{
		Clients: clients, Timeout: timeout, CallTimeout: callTimeout, ProbeTimeout: probeTimeout,
		ProbePath: probePath, Progress: progress,
	})
	if asJSON {
		b, err := rep.JSON()
		if err != nil {
			fmt.Fprintf(stderr, "vpclink doctor: %v\n", err)
			return exitFailed
		}
		fmt.Fprintln(stdout, string(b))
	} else {
		rep.WriteText(stdout)
	}
	return rep.ExitCode()
}

// doctorTarget reads the stack's config and outputs (from its state, through the Pulumi CLI; the
// program does not run) and the offline plan of the same config, which holds the expected
// security-group chain.
func doctorTarget(ctx context.Context, stack, cwd string, progress io.Writer) (*doctor.Target, error) {
	if progress != nil {
		fmt.Fprintf(progress, "doctor: reading the outputs of stack %s\n", stack)
	}
	// Existing: the doctor reads a deployed stack; it must not leave an empty one on the backend.
	s, err := stacks.Open(ctx, stacks.Options{Stack: stack, ProjectDir: cwd, SkipPluginInstall: true, Existing: true})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	out, err := s.Outputs(ctx)
	if err != nil {
		return nil, err
	}
	plain := map[string]any{}
	for k, v := range out {
		plain[k] = v.Value
	}
	plan, err := vpcplan.OfStack(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("planning stack %s offline for its expected security-group chain: %w", stack, err)
	}
	return doctor.FromStack(s.Config, plain, plan)
}

// wrap breaks text into lines of at most width characters, indenting every line but the first.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && n+1+len(w) > width {
			b.WriteString("\n" + indent)
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
