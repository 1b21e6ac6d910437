package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/smithy-go"
)

// IAMActions are every AWS action doctor calls, all read-only. The README's IAM policy lists
// exactly these (a test holds the two together, and the scenario tests check that the fake AWS
// saw no other call).
var IAMActions = []string{
	"apigateway:GET", // GetVpcLink, V1 (apigateway) and V2 (apigatewayv2): /vpclinks/{id}
	"ec2:DescribeSecurityGroupRules",
	"ec2:DescribeVpcAttribute",
	"ec2:DescribeVpcEndpoints",
	"ecs:DescribeServices",
	"ecs:DescribeTasks",
	"ecs:ListTasks",
	"elasticloadbalancing:DescribeLoadBalancers",
	"elasticloadbalancing:DescribeTargetGroups",
	"elasticloadbalancing:DescribeTargetHealth",
}

// The client interfaces list the calls doctor makes, with the SDK's signatures, so a caller can
// substitute its own implementation; Clients built by NewClients hold the SDK's clients.
type (
	// EC2API is what doctor asks EC2.
	EC2API interface {
		DescribeSecurityGroupRules(context.Context, *ec2.DescribeSecurityGroupRulesInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupRulesOutput, error)
		DescribeVpcEndpoints(context.Context, *ec2.DescribeVpcEndpointsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error)
		DescribeVpcAttribute(context.Context, *ec2.DescribeVpcAttributeInput, ...func(*ec2.Options)) (*ec2.DescribeVpcAttributeOutput, error)
	}
	// ELBAPI is what doctor asks Elastic Load Balancing (v2).
	ELBAPI interface {
		DescribeLoadBalancers(context.Context, *elb.DescribeLoadBalancersInput, ...func(*elb.Options)) (*elb.DescribeLoadBalancersOutput, error)
		DescribeTargetGroups(context.Context, *elb.DescribeTargetGroupsInput, ...func(*elb.Options)) (*elb.DescribeTargetGroupsOutput, error)
		DescribeTargetHealth(context.Context, *elb.DescribeTargetHealthInput, ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error)
	}
	// ECSAPI is what doctor asks ECS.
	ECSAPI interface {
		DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
		ListTasks(context.Context, *ecs.ListTasksInput, ...func(*ecs.Options)) (*ecs.ListTasksOutput, error)
		DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error)
	}
	// APIGatewayAPI is what doctor asks API Gateway about REST (V1) links.
	APIGatewayAPI interface {
		GetVpcLink(context.Context, *apigateway.GetVpcLinkInput, ...func(*apigateway.Options)) (*apigateway.GetVpcLinkOutput, error)
	}
	// APIGatewayV2API is what doctor asks API Gateway about HTTP (V2) links.
	APIGatewayV2API interface {
		GetVpcLink(context.Context, *apigatewayv2.GetVpcLinkInput, ...func(*apigatewayv2.Options)) (*apigatewayv2.GetVpcLinkOutput, error)
	}
)

// Clients are the AWS clients of a run.
type Clients struct {
	EC2          EC2API
	ELB          ELBAPI
	ECS          ECSAPI
	APIGateway   APIGatewayAPI
	APIGatewayV2 APIGatewayV2API
}

// ClientOptions configure NewClients.
type ClientOptions struct {
	// Region of the stack (its aws:region). Defaults to the SDK's chain (AWS_REGION, the profile).
	Region string
	// Credentials. Defaults to the SDK's chain (environment, shared files, SSO, IMDS).
	Credentials aws.CredentialsProvider
	// Endpoint replaces every service's endpoint (the SDK's BaseEndpoint), for tests against a
	// local server. Defaults to the real endpoints (or AWS_ENDPOINT_URL, which the SDK reads).
	Endpoint string
	// MaxAttempts per call, the first included, when AWS throttles or fails transiently.
	// Defaults to 6.
	MaxAttempts int
	// MaxBackoff between attempts. Defaults to 5 seconds.
	MaxBackoff time.Duration
	// RetryMode is aws.RetryModeAdaptive (the default: standard retries, plus a client-side rate
	// limit that slows the client down while AWS throttles it) or aws.RetryModeStandard.
	RetryMode aws.RetryMode
	// HTTPClient for the AWS calls. Defaults to the SDK's.
	HTTPClient *http.Client
}

// NewClients builds the SDK clients. Throttling (Throttling, RequestLimitExceeded,
// TooManyRequestsException, ...) and transient errors are retried by the SDK's adaptive retryer,
// which backs off exponentially with jitter and slows the client down while AWS keeps
// throttling; CallTimeout (Options) bounds each call with its retries.
func NewClients(ctx context.Context, o ClientOptions) (*Clients, error) {
	if o.MaxAttempts == 0 {
		o.MaxAttempts = 6
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 5 * time.Second
	}
	standard := func(s *retry.StandardOptions) {
		s.MaxAttempts = o.MaxAttempts
		s.MaxBackoff = o.MaxBackoff
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			if o.RetryMode == aws.RetryModeStandard {
				return retry.NewStandard(standard)
			}
			return retry.NewAdaptiveMode(func(a *retry.AdaptiveModeOptions) {
				a.StandardOptions = append(a.StandardOptions, standard)
			})
		}),
	}
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(o.Credentials))
	}
	if o.Endpoint != "" {
		opts = append(opts, config.WithBaseEndpoint(o.Endpoint))
	}
	if o.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(o.HTTPClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("no AWS Region: set aws:region in the stack file, or AWS_REGION")
	}
	return &Clients{
		EC2:          ec2.NewFromConfig(cfg),
		ELB:          elb.NewFromConfig(cfg),
		ECS:          ecs.NewFromConfig(cfg),
		APIGateway:   apigateway.NewFromConfig(cfg),
		APIGatewayV2: apigatewayv2.NewFromConfig(cfg),
	}, nil
}

// apiError is the failed call as evidence, and whether it is a permissions problem.
func (r *run) failedCall(kind, name, resource, action string, err error) Check {
	c := Check{Kind: kind, Name: name, Resource: resource, Status: Fail,
		Summary:  fmt.Sprintf("could not check: %s failed", action),
		Evidence: []string{describeErr(err)}}
	var ae smithy.APIError
	switch {
	case errors.As(err, &ae) && (ae.ErrorCode() == "AccessDenied" || ae.ErrorCode() == "AccessDeniedException" ||
		ae.ErrorCode() == "UnauthorizedOperation" || ae.ErrorCode() == "UnrecognizedClientException"):
		c.Cause = "the credentials doctor runs with may not call " + action
		c.Fix = "attach the read-only policy of the README (vpclink doctor, IAM policy) to the identity doctor runs as"
	case errors.Is(err, context.DeadlineExceeded):
		c.Cause = "AWS did not answer within the call's time bound (" + r.o.CallTimeout.String() + ")"
		c.Fix = "check the network path to the AWS endpoints; run again, or raise --call-timeout"
	default:
		c.Cause = "AWS refused or failed the call"
		c.Fix = "read the error; run again once it is fixed"
	}
	return c
}

// describeErr renders an SDK error as code and message.
func describeErr(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("%s: %s", ae.ErrorCode(), ae.ErrorMessage())
	}
	return err.Error()
}

// errorCode is the AWS error code of err, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
