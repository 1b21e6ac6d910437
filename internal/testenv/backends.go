package testenv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3 is an S3-protocol server (gofakes3) on a loopback port, holding one bucket, for the s3://
// state backend.
type S3 struct {
	// URL is the backend URL the Pulumi CLI takes for the bucket.
	URL string
	// Env holds the dummy credentials the CLI's AWS SDK needs to sign its requests.
	Env map[string]string

	bucket string
	mem    *s3mem.Backend
}

// StartS3 serves an S3 bucket on loopback until the test ends.
func StartS3(t testing.TB) *S3 {
	t.Helper()
	mem := s3mem.New()
	const bucket = "vpclink-state"
	if err := mem.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(mem).Server())
	t.Cleanup(srv.Close)
	// use_path_style: the bucket goes in the path, not the host name (gocloud.dev s3blob, which
	// the CLI's DIY backend opens s3:// URLs with; s3ForcePathStyle is its v1-era alias).
	return &S3{
		URL: fmt.Sprintf("s3://%s?endpoint=%s&use_path_style=true&region=us-east-1", bucket, srv.URL),
		Env: map[string]string{
			"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			"AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
		},
		bucket: bucket, mem: mem,
	}
}

// Keys lists the bucket's object keys under prefix, sorted.
func (s *S3) Keys(t testing.TB, prefix string) []string {
	t.Helper()
	list, err := s.mem.ListBucket(s.bucket, &gofakes3.Prefix{HasPrefix: true, Prefix: prefix}, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range list.Contents {
		out = append(out, c.Key)
	}
	slices.Sort(out)
	return out
}

// Object reads one object of the bucket, straight from the server's storage.
func (s *S3) Object(t testing.TB, key string) []byte {
	t.Helper()
	o, err := s.mem.GetObject(s.bucket, key, nil)
	if err != nil {
		t.Fatalf("reading s3://%s/%s: %v", s.bucket, key, err)
	}
	defer o.Contents.Close()
	b, err := io.ReadAll(o.Contents)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Postgres is a private PostgreSQL cluster on a loopback port, for the postgres:// state backend.
type Postgres struct {
	// URL is the backend URL of its pulumi database.
	URL string

	bin, data, port, password, owner string
}

// postgresBin finds the PostgreSQL server binaries: $VPCLINK_POSTGRES_BIN, else the newest
// /usr/lib/postgresql/<version>/bin (Debian's layout), else initdb on PATH.
func postgresBin() (string, error) {
	if d := os.Getenv("VPCLINK_POSTGRES_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(a))))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(b))))
		return va - vb
	})
	if len(dirs) > 0 {
		return filepath.Dir(dirs[len(dirs)-1]), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or on PATH; install PostgreSQL (apt-get install postgresql, as .ci/run does) or set VPCLINK_POSTGRES_BIN")
}

// StartPostgres initialises and starts a private PostgreSQL cluster in a temporary directory,
// listening on 127.0.0.1 on a free port, with a pulumi database and a password-protected user,
// and stops and removes it when the test ends. PostgreSQL refuses to run as root: as root the
// cluster belongs to the postgres user, whose commands run through runuser. Without PostgreSQL the
// test is skipped, except in CI (CI=true), where .ci/run installs it and the test fails.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	bin, err := postgresBin()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	p := &Postgres{bin: bin, password: "vpclink-state-pw"}
	if os.Geteuid() == 0 {
		p.owner = "postgres"
	}
	dir, err := os.MkdirTemp("", "vpclink-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if p.owner != "" {
		u, err := user.Lookup(p.owner)
		if err != nil {
			t.Fatalf("running as root, PostgreSQL needs the %s user: %v", p.owner, err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	p.data = filepath.Join(dir, "data")
	pwfile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwfile, []byte(p.password+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p.owner != "" {
		u, _ := user.Lookup(p.owner)
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		_ = os.Chown(pwfile, uid, gid)
	}
	if out, err := p.command("initdb", "-D", p.data, "-U", "vpclink", "--pwfile", pwfile,
		"--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	p.port = strconv.Itoa(freePort(t))
	// fsync off: a test cluster does not need durability, and it saves seconds per update.
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %s -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off", p.port, dir)
	if out, err := p.command("pg_ctl", "-D", p.data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() {
		if out, err := p.command("pg_ctl", "-D", p.data, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
			t.Errorf("pg_ctl stop: %v\n%s", err, out)
		}
	})
	if _, err := p.SQL("postgres", "CREATE DATABASE pulumi"); err != nil {
		t.Fatal(err)
	}
	p.URL = fmt.Sprintf("postgres://vpclink:%s@127.0.0.1:%s/pulumi?sslmode=disable", p.password, p.port)
	return p
}

func (p *Postgres) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(p.bin, name)
	if p.owner == "" {
		return exec.Command(path, args...)
	}
	return exec.Command("runuser", append([]string{"-u", p.owner, "--", path}, args...)...)
}

// SQL runs one statement with psql over TCP, as the backend's user, and returns its unaligned,
// tuples-only output.
func (p *Postgres) SQL(db, statement string) (string, error) {
	cmd := exec.Command(filepath.Join(p.bin, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
		"-h", "127.0.0.1", "-p", p.port, "-U", "vpclink", "-d", db, "-c", statement)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+p.password, "PGCONNECT_TIMEOUT=10")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("psql %q: %v\n%s", statement, err, errOut.String())
	}
	return strings.TrimRight(out.String(), "\n"), nil
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	// A moment for the port to be free again before PostgreSQL binds it.
	defer time.Sleep(10 * time.Millisecond)
	return l.Addr().(*net.TCPAddr).Port
}
