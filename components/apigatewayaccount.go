package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ApiGatewayAccountType is the Pulumi type token of ApiGatewayAccount.
const ApiGatewayAccountType = "vpclink:components:ApiGatewayAccount"

// ApiGatewayAccountArgs configures an ApiGatewayAccount.
type ApiGatewayAccountArgs struct {
	// Region whose account settings are set. Defaults to the provider's Region.
	Region string `pulumi:"region,optional"`
	// Tags added to the role. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// ApiGatewayAccount sets the Region-wide API Gateway CloudWatch Logs role. REST stages cannot turn
// on execution logging, nor write access logs, until it is set ("CloudWatch Logs role ARN must be
// set in account settings", aws-facts R7). There is one per account and Region: let exactly one
// stack per account and Region own it.
type ApiGatewayAccount struct {
	pulumi.ResourceState

	// CloudWatchRoleArn is the role API Gateway writes logs with. REST stages take it as a
	// dependency so their logging settings wait for it.
	CloudWatchRoleArn pulumi.StringOutput `pulumi:"cloudWatchRoleArn"`
}

// NewApiGatewayAccount creates the role and points the account settings at it.
func NewApiGatewayAccount(ctx *pulumi.Context, name string, args *ApiGatewayAccountArgs, opts ...pulumi.ResourceOption) (*ApiGatewayAccount, error) {
	if args == nil {
		args = &ApiGatewayAccountArgs{}
	}
	env, err := lookupAwsEnv(ctx, args.Region)
	if err != nil {
		return nil, err
	}
	a := &ApiGatewayAccount{}
	if err := ctx.RegisterComponentResource(ApiGatewayAccountType, name, a, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(a)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("API Gateway execution and access logging to CloudWatch Logs in " + env.Region),
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("apigateway.amazonaws.com", "")),
		Tags:             tagsWithName(args.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	// The same actions as the AWS managed AmazonAPIGatewayPushToCloudWatchLogs policy, but on
	// this account's log groups in this Region instead of "*" (AwsSolutions-IAM4/IAM5).
	groups := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:*", env.Partition, env.Region, env.AccountID)
	policy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: pulumi.String(PolicyDocument{Version: "2012-10-17", Statement: []PolicyStatement{{
			Effect: "Allow",
			Action: []string{
				"logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
				"logs:FilterLogEvents", "logs:GetLogEvents", "logs:PutLogEvents",
			},
			Resource: []string{groups, groups + ":log-stream:*"},
		}}}.JSON()),
	}, parent)
	if err != nil {
		return nil, err
	}
	account, err := apigateway.NewAccount(ctx, name, &apigateway.AccountArgs{
		CloudwatchRoleArn: role.Arn,
		// Destroying the stack clears the setting instead of leaving it pointing at a deleted role.
		// Deprecated only because pulumi-aws v7 always does this; on v6 it must be asked for.
		//lint:ignore SA1019 the v7 default, requested explicitly on v6
		ResetOnDelete: pulumi.Bool(true),
	}, parent, pulumi.DependsOn([]pulumi.Resource{policy}))
	if err != nil {
		return nil, err
	}
	// Read back from the account settings, so whatever takes this output waits until the
	// setting is in place, not only the role.
	a.CloudWatchRoleArn = account.CloudwatchRoleArn
	if err := ctx.RegisterResourceOutputs(a, pulumi.Map{"cloudWatchRoleArn": a.CloudWatchRoleArn}); err != nil {
		return nil, err
	}
	return a, nil
}
