// Package vpclinktest is vpclink's test kit, for teams that embed vpclink's components or stacks
// in their own Go programs. It is the equipment vpclink's own tests run on, made public:
//
//   - Cloud, the offline AWS as a pulumi.MockResourceMonitor: give it to pulumi.WithMocks and any
//     program gets the ids, ARNs and DNS names AWS would give it, deterministically, with every
//     registration recorded (NewCloud);
//   - Plan, which runs any program on that cloud with the config you give it and returns what it
//     registered, its stack outputs and the policy findings, without credentials or an engine;
//   - Providers, fake aws and awsx provider plugins served in-process, for tests that run the
//     real Pulumi engine (stacks.Open, the Automation API, `pulumi up`) without AWS: the engine
//     attaches to them through PULUMI_DEBUG_PROVIDERS, and every call it makes is in the op log.
//
// The resource and output types are the ones plan.Plan uses (plan.Resource, plan.Output):
// the same values flow through both, so a helper written for one works on the other.
//
// Fault injection (making a given create, update or delete fail the way AWS does) is planned as
// Providers.Inject; see Providers.
package vpclinktest
