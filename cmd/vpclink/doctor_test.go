package main

import (
	"strings"
	"testing"

	"github.com/vpclink/vpclink/doctor"
)

func TestDoctorHelpDocumentsEveryCheck(t *testing.T) {
	code, out, _ := runCLI(t, "doctor", "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, c := range doctor.Checks {
		if !strings.Contains(out, "  "+c.Kind+" ") || !strings.Contains(strings.Join(strings.Fields(out), " "), c.What) {
			t.Errorf("doctor --help does not document the %s check", c.Kind)
		}
	}
	for _, want := range []string{"Exit codes: 0 every check OK, 1 a check FAILed", "4 WARN only", "--json", "--timeout", "--call-timeout", "--probe-path"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor --help lacks %q", want)
		}
	}
	t.Log("\n" + out)
	if _, top, _ := runCLI(t, "--help"); !strings.Contains(top, "vpclink doctor") {
		t.Error("vpclink --help does not list doctor")
	}
}

func TestDoctorUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"doctor", "--probe-path", "health"},
		{"doctor", "--nope"},
		{"doctor", "extra"},
		{"doctor", "--timeout", "soon"},
	} {
		if code, _, errOut := runCLI(t, args...); code != exitInvalid || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 with a message", args, code, errOut)
		}
	}
}

func TestDoctorWithoutPulumiCLIFailsWithTheReason(t *testing.T) {
	t.Setenv("VPCLINK_PULUMI_ROOT", t.TempDir())
	code, _, errOut := runCLI(t, "doctor", "--stack", "dev")
	if code != exitFailed || !strings.Contains(errOut, "the Pulumi CLI was not found") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
