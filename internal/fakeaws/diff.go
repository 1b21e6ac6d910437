package fakeaws

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/awsspec"
)

// DiffResult is what the fake provider answers to the engine's Diff: the top-level input
// properties that differ, and those of them AWS cannot change in place. It is awsspec's, so the
// fakes and the plan diff read one replace table and can never disagree.
type DiffResult = awsspec.DiffResult

// Diff compares a resource's old and new inputs the way the fake provider does for the engine
// (awsspec.Diff: the replace-only properties of AWS). ignore lists top-level keys the program
// asked to ignore.
func Diff(typ string, olds, news resource.PropertyMap, ignore ...string) DiffResult {
	return awsspec.Diff(typ, olds, news, ignore...)
}

// Equal compares two property values structurally (awsspec.Equal).
func Equal(a, b resource.PropertyValue) bool { return awsspec.Equal(a, b) }

// plain unwraps secrets and known output values (awsspec.Plain).
func plain(v resource.PropertyValue) resource.PropertyValue { return awsspec.Plain(v) }

// hasUnknowns reports whether a value contains an unknown anywhere (awsspec.HasUnknowns).
func hasUnknowns(v resource.PropertyValue) bool { return awsspec.HasUnknowns(v) }

func str(m resource.PropertyMap, k string) string {
	v := plain(m[resource.PropertyKey(k)])
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}
