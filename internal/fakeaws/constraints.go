package fakeaws

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/vpclink/vpclink/awsspec"
)

// The fake refuses what AWS refuses (the awsspec table), where the real stack fails:
//
//   - Rules pulumi-aws enforces itself (awsspec.AtCheck: the Terraform provider's name and
//     retention validators, the bridge's autonaming of target groups) fail the engine's Check,
//     so `pulumi preview` fails too, with the provider's message.
//   - Everything else only the AWS API checks (awsspec.AtCreate: a security group description,
//     a task family, a tag key): pulumi-aws's Check passes, preview passes, and `up` fails when
//     Create (or Update) calls AWS, with AWS's own error text. The fake does the same, so an
//     engine test sees the failure where a real deploy would, after the resources before it exist.

// checkFailures are the Check failures pulumi-aws answers for inputs.
func checkFailures(urn, typ string, news *structpb.Struct) []*pulumirpc.CheckFailure {
	inputs, err := unmarshal(news)
	if err != nil {
		return nil
	}
	var out []*pulumirpc.CheckFailure
	for _, v := range awsspec.CheckResource(typ, inputs, resource.URN(urn).Name()) {
		if v.Phase != awsspec.AtCheck {
			continue
		}
		r := awsspec.ByID(v.Rule)
		reason := r.FormatProviderError(v.Value)
		if v.Rule == "C11" && strings.HasSuffix(v.Value, "-") {
			reason = v.AWSError // the autonaming refusal itself
		}
		out = append(out, &pulumirpc.CheckFailure{Property: v.Property, Reason: reason})
	}
	return out
}

// refusal is the error AWS answers when the provider creates or updates a resource with inputs
// that break an AtCreate rule, or nil.
func refusal(op, urn, typ string, inputs resource.PropertyMap) error {
	var msgs []string
	for _, v := range awsspec.CheckResource(typ, inputs, resource.URN(urn).Name()) {
		if v.Phase == awsspec.AtCreate {
			msgs = append(msgs, fmt.Sprintf("%s (%s %q)", v.AWSError, v.Property, v.Value))
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return status.Errorf(codes.Unknown, "%s %s: operation error: https response error StatusCode: 400, api error %s",
		op, resource.URN(urn).Name(), strings.Join(msgs, "; "))
}
