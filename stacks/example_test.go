package stacks_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/vpclink/vpclink/stacks"
)

// Deploy the prod stack with six tasks for this run only; Pulumi.prod.yaml is left as it is.
func ExampleOpen() {
	ctx := context.Background()
	s, err := stacks.Open(ctx, stacks.Options{
		Stack:     "prod",
		Overrides: []stacks.Override{{Key: "services.api.desiredCount", Value: "6"}},
		Progress:  os.Stdout,
	})
	if err != nil {
		log.Fatal(err) // a *stacks.ValidationError lists every config problem
	}
	defer s.Close()
	res, err := s.Up(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Outputs["frontends"].Value)
}
