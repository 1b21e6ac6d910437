package testenv

import (
	"strings"
	"testing"
)

// The private PostgreSQL cluster starts, takes the backend's user and password over TCP, and has
// the pulumi database the backend URL names.
func TestStartPostgres(t *testing.T) {
	pg := StartPostgres(t)
	out, err := pg.SQL("pulumi", "SELECT current_user || ' ' || current_database() || ' ' || current_setting('server_version_num')")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "vpclink pulumi ") {
		t.Errorf("connected as %q", out)
	}
	if !strings.HasPrefix(pg.URL, "postgres://vpclink:") || !strings.HasSuffix(pg.URL, "/pulumi?sslmode=disable") {
		t.Errorf("URL = %s", pg.URL)
	}
	t.Logf("PostgreSQL %s", out)
}
