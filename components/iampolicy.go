package components

import (
	"encoding/json"
	"fmt"
)

// PolicyDocument is an IAM (or resource) policy, rendered with encoding/json so the same input
// always gives byte-identical JSON: policies feed REST deployment triggers, and a policy that
// changed only in key order would redeploy for nothing.
type PolicyDocument struct {
	Version   string            `json:"Version"`
	Statement []PolicyStatement `json:"Statement"`
}

// PolicyStatement is one statement of a PolicyDocument. Action and Resource are lists even when
// they hold one element; AWS accepts both and one shape keeps the golden files stable.
type PolicyStatement struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal any                       `json:"Principal,omitempty"`
	Action    []string                  `json:"Action"`
	Resource  []string                  `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

// JSON renders the document.
func (d PolicyDocument) JSON() string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(fmt.Sprintf("policy document cannot fail to marshal: %v", err))
	}
	return string(b)
}

// assumeRolePolicy lets an AWS service assume a role. With accountID set, only on behalf of that
// account (confused-deputy protection through aws:SourceAccount, which ECS and VPC Flow Logs honour).
func assumeRolePolicy(service, accountID string) string {
	st := PolicyStatement{
		Effect:    "Allow",
		Principal: map[string]any{"Service": service},
		Action:    []string{"sts:AssumeRole"},
	}
	if accountID != "" {
		st.Condition = map[string]map[string]any{"StringEquals": {"aws:SourceAccount": accountID}}
	}
	return PolicyDocument{Version: "2012-10-17", Statement: []PolicyStatement{st}}.JSON()
}
