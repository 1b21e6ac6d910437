package plan

import "github.com/vpclink/vpclink/internal/offline"

// Resource is one registration a planned program made: URN, type, name, parent, inputs as the
// program sent them, outputs as the offline cloud answered, dependencies and resource options.
//
// It is an alias of the offline cloud's own record, so Plan.Resources, the test kit
// (vpclinktest) and the policy rules all speak of the same type, and code outside vpclink can
// name it (func check(r plan.Resource)) although the offline cloud itself is internal.
type Resource = offline.Resource

// Output is a resolved stack output of a plan: its value as plain Go data and whether it is
// secret.
type Output = offline.Output

// Timeouts are a Resource's custom create, update and delete timeouts.
type Timeouts = offline.Timeouts
