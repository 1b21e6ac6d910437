package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The recovery flags belong to up, and --import needs a URN and an id; both are usage errors
// (exit 2) found before anything runs.
func TestRecoverFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"preview", "--recover"}, "are for vpclink up"},
		{[]string{"destroy", "--yes", "--clear-pending"}, "are for vpclink up"},
		{[]string{"up", "--yes", "--recover", "--import", "alb=lb-1"}, "want URN=ID"},
		{[]string{"up", "--yes", "--recover", "--import", "urn:pulumi:dev::vpclink::aws:lb/loadBalancer:LoadBalancer::alb"}, "want URN=ID"},
	} {
		var out bytes.Buffer
		if code := run(context.Background(), c.args, strings.NewReader(""), &out, &out); code != exitInvalid || !strings.Contains(out.String(), c.want) {
			t.Errorf("vpclink %v: exit %d, want 2 saying %q:\n%s", c.args, code, c.want, out.String())
		}
	}
}
