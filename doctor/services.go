package doctor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// checkServices checks each ECS service: desired against running tasks, the primary deployment's
// rollout (a tripped circuit breaker, aws-facts E2), the latest events, and why its latest tasks
// stopped.
func (r *run) checkServices(ctx context.Context) {
	for _, s := range r.t.Services {
		r.checkService(ctx, s)
	}
}

func (r *run) checkService(ctx context.Context, s Service) {
	cctx, cancel := r.call(ctx)
	out, err := r.o.Clients.ECS.DescribeServices(cctx, &ecs.DescribeServicesInput{
		Cluster: aws.String(r.t.ClusterName), Services: []string{s.ServiceName},
	})
	cancel()
	if err != nil {
		r.add(r.failedCall(KindEcsService, s.Name, s.ServiceName, "ecs:DescribeServices", err))
		return
	}
	if len(out.Services) == 0 {
		c := Check{Kind: KindEcsService, Name: s.Name, Resource: s.ServiceName, Status: Fail,
			Summary: "the service does not exist in cluster " + r.t.ClusterName,
			Cause:   "it was deleted outside Pulumi", Fix: "vpclink refresh --stack " + r.t.Stack + " --yes, then vpclink up"}
		for _, f := range out.Failures {
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s: %s %s", aws.ToString(f.Arn), aws.ToString(f.Reason), aws.ToString(f.Detail)))
		}
		r.add(c)
		return
	}
	svc := out.Services[0]
	c := Check{Kind: KindEcsService, Name: s.Name, Resource: aws.ToString(svc.ServiceArn), Status: OK}
	c.Evidence = append(c.Evidence, fmt.Sprintf("status %s, desired %d, running %d, pending %d",
		aws.ToString(svc.Status), svc.DesiredCount, svc.RunningCount, svc.PendingCount))
	var primary *ecstypes.Deployment
	breaker := ""
	for i, d := range svc.Deployments {
		if aws.ToString(d.Status) == "PRIMARY" {
			primary = &svc.Deployments[i]
		}
		if reason := aws.ToString(d.RolloutStateReason); d.RolloutState == ecstypes.DeploymentRolloutStateFailed && strings.Contains(strings.ToLower(reason), "circuit breaker") {
			breaker = reason
		}
	}
	if primary != nil {
		c.Evidence = append(c.Evidence, fmt.Sprintf("primary deployment %s: rollout %s%s, %d failed tasks",
			aws.ToString(primary.Id), primary.RolloutState, suffix(aws.ToString(primary.RolloutStateReason)), primary.FailedTasks))
	}
	events := svc.Events
	slices.SortFunc(events, func(a, b ecstypes.ServiceEvent) int { return aws.ToTime(b.CreatedAt).Compare(aws.ToTime(a.CreatedAt)) })
	for _, e := range events[:min(3, len(events))] {
		c.Evidence = append(c.Evidence, fmt.Sprintf("event %s: %s", aws.ToTime(e.CreatedAt).UTC().Format(time.RFC3339), aws.ToString(e.Message)))
	}

	stopped, err := r.stoppedTasks(ctx, s.ServiceName)
	if err != nil {
		c.Evidence = append(c.Evidence, "stopped tasks: could not read: "+describeErr(err))
	}
	var cause *stopCause
	for _, t := range stopped {
		if aws.ToString(t.Group) != "" && aws.ToString(t.Group) != "service:"+s.ServiceName {
			continue
		}
		c.Evidence = append(c.Evidence, "stopped task: "+describeTask(t))
		if cause == nil {
			cause = r.classifyStop(ctx, t, s)
		}
	}

	switch {
	case aws.ToString(svc.Status) != "ACTIVE":
		c.Status, c.Summary = Fail, "service status "+aws.ToString(svc.Status)
		c.Cause, c.Fix = "the service is being deleted or was deleted outside Pulumi", "vpclink refresh --stack "+r.t.Stack+" --yes, then vpclink up"
	case breaker != "":
		c.Status, c.Summary = Fail, "the deployment circuit breaker tripped and rolled back: "+breaker
		c.Facts = []string{"E2"}
		c.Cause = "new tasks kept failing (the breaker trips after half the desired count fails, at least 3)"
		c.Fix = "fix why the tasks stop (below), then vpclink up deploys again"
		if cause != nil {
			c.Cause += "; the latest stopped task: " + cause.cause
			c.Fix = cause.fix + "; then vpclink up deploys again"
			c.Facts = append(c.Facts, cause.facts...)
		}
	case svc.DesiredCount > 0 && svc.RunningCount == 0:
		c.Status, c.Summary = Fail, fmt.Sprintf("no task running of %d desired", svc.DesiredCount)
		if cause != nil {
			c.Summary += ": " + cause.summary
			c.Cause, c.Fix, c.Facts = cause.cause, cause.fix, cause.facts
		} else {
			c.Cause = "tasks are not starting; no stopped task says why yet"
			c.Fix = "read the service events above; aws ecs describe-services --cluster " + r.t.ClusterName + " --services " + s.ServiceName
		}
	case svc.RunningCount < svc.DesiredCount:
		c.Status, c.Summary = Warn, fmt.Sprintf("%d of %d desired tasks running", svc.RunningCount, svc.DesiredCount)
		c.Cause, c.Fix = "tasks are starting, or some keep failing", "run doctor again in a minute"
		if cause != nil {
			c.Summary += ": " + cause.summary
			c.Cause, c.Fix, c.Facts = cause.cause, cause.fix, cause.facts
		}
	case primary != nil && primary.RolloutState == ecstypes.DeploymentRolloutStateInProgress:
		c.Status, c.Summary = Warn, fmt.Sprintf("%d of %d tasks running, a deployment is in progress", svc.RunningCount, svc.DesiredCount)
		c.Cause, c.Fix = "a deployment is rolling out", "wait for it; doctor reports the circuit breaker if it trips"
	default:
		c.Summary = fmt.Sprintf("%d of %d tasks running", svc.RunningCount, svc.DesiredCount)
	}
	r.add(c)
}

// stoppedTasks reads the service's latest stopped tasks (ECS keeps them for about an hour), newest
// first.
func (r *run) stoppedTasks(ctx context.Context, service string) ([]ecstypes.Task, error) {
	cctx, cancel := r.call(ctx)
	defer cancel()
	list, err := r.o.Clients.ECS.ListTasks(cctx, &ecs.ListTasksInput{
		Cluster: aws.String(r.t.ClusterName), ServiceName: aws.String(service), DesiredStatus: ecstypes.DesiredStatusStopped, MaxResults: aws.Int32(100),
	})
	if err != nil || len(list.TaskArns) == 0 {
		return nil, err
	}
	out, err := r.o.Clients.ECS.DescribeTasks(cctx, &ecs.DescribeTasksInput{
		Cluster: aws.String(r.t.ClusterName), Tasks: list.TaskArns,
	})
	if err != nil {
		return nil, err
	}
	tasks := out.Tasks
	slices.SortFunc(tasks, func(a, b ecstypes.Task) int { return aws.ToTime(b.StoppedAt).Compare(aws.ToTime(a.StoppedAt)) })
	return tasks[:min(r.o.StoppedTasks, len(tasks))], nil
}

func describeTask(t ecstypes.Task) string {
	s := fmt.Sprintf("%s %s", lastPart(aws.ToString(t.TaskArn)), t.StopCode)
	if t.StoppedAt != nil {
		s += " at " + t.StoppedAt.UTC().Format(time.RFC3339)
	}
	s += suffix(aws.ToString(t.StoppedReason))
	for _, c := range t.Containers {
		// A container's reason often repeats the task's stopped reason word for word.
		reason := aws.ToString(c.Reason)
		if reason == aws.ToString(t.StoppedReason) {
			reason = ""
		}
		if c.ExitCode != nil || reason != "" {
			s += fmt.Sprintf("; container %s", aws.ToString(c.Name))
			if c.ExitCode != nil {
				s += fmt.Sprintf(" exit code %d", *c.ExitCode)
			}
			s += suffix(reason)
		}
	}
	return s
}

// stopCause is why a task stopped, as a finding.
type stopCause struct {
	summary, cause, fix string
	facts               []string
}

// classifyStop reads a stopped task's reason. The reasons are ECS's (the stoppedReason and the
// container reasons of "Amazon ECS stopped task error messages" in the ECS developer guide).
func (r *run) classifyStop(ctx context.Context, t ecstypes.Task, s Service) *stopCause {
	text := aws.ToString(t.StoppedReason)
	for _, c := range t.Containers {
		text += " " + aws.ToString(c.Reason)
	}
	logs := "read the container's logs: aws logs tail " + orText(s.LogGroupName, "<log group>") + " --since 1h"
	switch {
	case strings.Contains(text, "CannotPullContainerError"):
		sc := &stopCause{summary: "the image cannot be pulled (CannotPullContainerError)"}
		if r.t.NoNat {
			sc.facts = []string{"E4"}
			missing, err := r.missingEndpoints(ctx)
			switch {
			case err != nil:
				sc.cause = "with natGateways none, tasks pull through VPC endpoints (ecr.api, ecr.dkr, S3); doctor could not list them: " + describeErr(err)
				sc.fix = "check the VPC's endpoints for ecr.api, ecr.dkr and s3"
			case len(missing) > 0:
				sc.cause = "natGateways is none and the VPC has no endpoint for " + strings.Join(missing, ", ") + ": the tasks have no route to the registry"
				sc.fix = "vpclink up restores vpclink's endpoints (an existing VPC needs them added), or set vpclink:network.natGateways to single"
			default:
				sc.cause = "natGateways is none, the endpoints exist: the image is not in this Region's private ECR, the tag does not exist, or the execution role may not pull it"
				sc.fix = "push the image to ECR in " + r.t.Region + " and set vpclink:services." + s.Name + ".image to it"
			}
			return sc
		}
		sc.cause = "the image name or tag does not exist, the registry needs credentials, or Docker Hub rate-limits anonymous pulls"
		sc.fix = "check vpclink:services." + s.Name + ".image; mirror it to ECR in " + r.t.Region
		return sc
	case strings.Contains(text, "ResourceInitializationError"):
		sc := &stopCause{summary: "the task could not initialize (ResourceInitializationError)",
			cause: "the task could not fetch its secrets or set up its log stream: the execution role lacks a permission (a new role takes seconds to apply, E11), or the tasks cannot reach Secrets Manager, SSM or CloudWatch Logs",
			fix:   "check the secret ARNs in vpclink:services." + s.Name + ".secrets; with natGateways none add the ssm/secretsmanager endpoints (vpclink:network.endpoints)",
			facts: []string{"E11", "E4"}}
		return sc
	case t.StopCode == ecstypes.TaskStopCodeEssentialContainerExited || strings.Contains(text, "Essential container in task exited"):
		exit := ""
		for _, c := range t.Containers {
			if c.ExitCode != nil {
				exit = fmt.Sprintf(" with exit code %d", *c.ExitCode)
			}
		}
		return &stopCause{summary: "the essential container exited" + exit,
			cause: "the application crashed or exited at start (exit code 137: killed for memory; 1: an application error; on a read-only root filesystem, a write was refused, E12)",
			fix:   logs, facts: []string{"E12"}}
	case strings.Contains(text, "ELB health checks"):
		return &stopCause{summary: "tasks fail the load balancer's health checks",
			cause: "ECS stops tasks the target group marks unhealthy: see the target-group check for ELB's reason",
			fix:   "fix the health-check path or the security-group chain (see those checks)"}
	case strings.Contains(text, "container health checks") || strings.Contains(text, "health check"):
		return &stopCause{summary: "the container's own health check fails",
			cause: "the container health check (healthCheckCommand, a wget of healthCheckPath by default) fails: wrong path, or the image has no wget",
			fix:   "set vpclink:services." + s.Name + ".healthCheckCommand, or [NONE]; " + logs}
	case strings.Contains(text, "OutOfMemory") || strings.Contains(text, "OutOfMemoryError"):
		return &stopCause{summary: "the container ran out of memory",
			cause: "the task's memory is too small for the application", fix: "raise vpclink:services." + s.Name + ".memory (a Fargate pair, E1)", facts: []string{"E1"}}
	}
	if t.StopCode == ecstypes.TaskStopCodeTaskFailedToStart {
		return &stopCause{summary: "tasks fail to start: " + aws.ToString(t.StoppedReason),
			cause: "ECS could not start the task", fix: "read the stopped reason; " + logs}
	}
	return nil
}

// missingEndpoints are the VPC endpoints a task without NAT needs to pull an ECR image and write
// logs (aws-facts E4) that the VPC lacks.
func (r *run) missingEndpoints(ctx context.Context) ([]string, error) {
	cctx, cancel := r.call(ctx)
	defer cancel()
	have := map[string]bool{}
	p := ec2.NewDescribeVpcEndpointsPaginator(r.o.Clients.EC2, &ec2.DescribeVpcEndpointsInput{
		Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{r.t.VpcID}}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(cctx)
		if err != nil {
			return nil, err
		}
		for _, e := range page.VpcEndpoints {
			if !strings.EqualFold(string(e.State), "available") {
				continue
			}
			name := aws.ToString(e.ServiceName)
			have[strings.TrimPrefix(name, "com.amazonaws."+r.t.Region+".")] = true
		}
	}
	var missing []string
	for _, need := range []string{"ecr.api", "ecr.dkr", "s3", "logs"} {
		if !have[need] {
			missing = append(missing, need)
		}
	}
	return missing, nil
}

func lastPart(arn string) string {
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
