package fakeaws

import (
	"context"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/status"
)

func TestFaults(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	aws := client(t, s, "aws")
	const typ = "aws:apigateway/vpcLink:VpcLink"
	urn := "urn:pulumi:dev::vpclink::vpclink:components:RestLink$" + typ + "::rest-link"
	in := mustMarshal(t, pm("name", "rest-link-1234567", "targetArn", "arn:nlb"))
	const failed = "unexpected state 'FAILED', wanted target 'AVAILABLE'"

	// A refused create makes nothing and fires once; previews never fail.
	s.Inject(Fault{Op: "create", Type: typ, Name: "rest-link", Err: "BadRequestException: quota"})
	if _, err := aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: in, Preview: true}); err != nil {
		t.Fatalf("a preview failed: %v", err)
	}
	if _, err := aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: in}); err == nil || !strings.Contains(err.Error(), "BadRequestException: quota") {
		t.Fatalf("refused create: %v", err)
	}
	if len(s.Live()) != 0 || len(s.PendingFaults()) != 0 {
		t.Fatalf("a refused create left %v, faults %v", s.Live(), s.PendingFaults())
	}

	// A partial create keeps the resource and tells the engine its id.
	s.Inject(Fault{Op: "create", Type: typ, Err: failed, Partial: true})
	_, err = aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: in})
	st, _ := status.FromError(err)
	var initFailed *pulumirpc.ErrorResourceInitFailed
	for _, d := range st.Details() {
		if f, ok := d.(*pulumirpc.ErrorResourceInitFailed); ok {
			initFailed = f
		}
	}
	if initFailed == nil || initFailed.GetId() == "" || !strings.Contains(err.Error(), failed) {
		t.Fatalf("partial create: %v, details %v", err, st.Details())
	}
	if live := s.Live(); len(live) != 1 || live[0].ID != initFailed.GetId() {
		t.Fatalf("partial create: live %v, id %s", live, initFailed.GetId())
	}
	id := initFailed.GetId()
	if got, found, err := s.Find(typ, pm("name", "rest-link-1234567")); err != nil || !found || got != id {
		t.Errorf("Find = %s %v %v, want %s", got, found, err, id)
	}
	if _, found, _ := s.Find(typ, pm("name", "other")); found {
		t.Error("Find found a resource by another name")
	}
	if _, _, err := s.Find(typ, pm()); err == nil {
		t.Error("Find without a name or tags does not say it cannot look up")
	}
	if _, found, err := s.Find(typ, pm("tags", map[string]any{"Name": "rest-link"})); err != nil || found {
		t.Errorf("Find by tags the resource does not have: %v %v", found, err)
	}

	// Update and delete faults, then the same calls succeed.
	s.Inject(Fault{Op: "update", Type: typ, Err: "ConflictException"}, Fault{Op: "delete", Type: typ, Err: "BadRequestException: in use", Times: 2})
	if _, err := aws.Update(ctx, &pulumirpc.UpdateRequest{Urn: urn, Type: typ, Id: id, News: in, Olds: in, Preview: true}); err != nil {
		t.Fatalf("update preview failed: %v", err)
	}
	if _, err := aws.Update(ctx, &pulumirpc.UpdateRequest{Urn: urn, Type: typ, Id: id, News: in, Olds: in}); err == nil || !strings.Contains(err.Error(), "ConflictException") {
		t.Fatalf("update: %v", err)
	}
	if _, err := aws.Update(ctx, &pulumirpc.UpdateRequest{Urn: urn, Type: typ, Id: id, News: in, Olds: in}); err != nil {
		t.Fatalf("second update: %v", err)
	}
	for i := range 2 {
		if _, err := aws.Delete(ctx, &pulumirpc.DeleteRequest{Urn: urn, Type: typ, Id: id}); err == nil {
			t.Fatalf("delete %d succeeded", i)
		}
	}
	if len(s.Live()) != 1 {
		t.Fatal("a refused delete deleted")
	}
	if _, err := aws.Delete(ctx, &pulumirpc.DeleteRequest{Urn: urn, Type: typ, Id: id}); err != nil || len(s.Live()) != 0 {
		t.Fatalf("third delete: %v, live %v", err, s.Live())
	}
	if n := len(s.FiredFaults()); n != 5 {
		t.Errorf("%d faults fired, want 5", n)
	}

	// A hang blocks until the caller gives up; a partial one has made the resource meanwhile.
	s.Inject(Fault{Op: "create", Type: typ, Hang: true, Partial: true})
	hctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() {
		_, err := aws.Create(hctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: in})
		done <- err
	}()
	for s.Hanging() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if len(s.Live()) != 1 {
		t.Error("a hanging partial create has not made its resource")
	}
	cancel()
	if err := <-done; err == nil {
		t.Error("a cancelled hanging create succeeded")
	}
	for s.Hanging() != 0 {
		time.Sleep(5 * time.Millisecond)
	}

	// A hold is a slow AWS: the call waits, then succeeds.
	slow := make(chan struct{})
	s.Inject(Fault{Op: "create", Type: typ, Hold: slow})
	held := make(chan error)
	go func() {
		_, err := aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: typ, Properties: in})
		held <- err
	}()
	for s.Hanging() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if len(s.Live()) != 1 {
		t.Error("a held create made its resource before AWS answered")
	}
	close(slow)
	if err := <-held; err != nil || len(s.Live()) != 2 {
		t.Errorf("a released create: %v, live %d", err, len(s.Live()))
	}

	// Out of band deletion.
	if _, ok := s.RemoveOutOfBand(typ, "rest-link"); !ok || len(s.Live()) != 1 {
		t.Errorf("RemoveOutOfBand left %v", s.Live())
	}
}
