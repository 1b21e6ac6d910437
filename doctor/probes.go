package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// checkProbes sends a GET to each public frontend's URL of each service, on the service's health
// path (or Options.ProbePath), and classifies the answer. Private REST frontends are reachable
// only from inside the VPC: their check prints the curl to run there instead.
func (r *run) checkProbes(ctx context.Context) {
	for _, f := range r.t.Frontends {
		if f.Variant.IsPrivate() {
			continue
		}
		for _, s := range r.t.Services {
			base := f.InvokeURLs[s.Name]
			if base == "" {
				continue
			}
			url := strings.TrimSuffix(base, "/") + orText(r.o.ProbePath, s.HealthCheckPath)
			r.add(r.probe(ctx, f, s, url))
		}
	}
}

func (r *run) probe(ctx context.Context, f Frontend, s Service, url string) Check {
	c := Check{Kind: KindProbe, Name: f.Name + "/" + s.Name, Resource: url}
	ctx, cancel := context.WithTimeout(ctx, r.o.ProbeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		c.Status, c.Summary, c.Cause, c.Fix = Fail, "the URL is not valid: "+err.Error(), "the stack output is damaged", "vpclink up"
		return c
	}
	req.Header.Set("User-Agent", "vpclink-doctor")
	start := time.Now()
	resp, err := r.o.HTTPClient.Do(req)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		c.Status = Fail
		c.Evidence = []string{fmt.Sprintf("GET %s: %v after %s", url, err, took)}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || strings.Contains(err.Error(), "Timeout") {
			c.Summary = fmt.Sprintf("no answer within %s", r.o.ProbeTimeout)
			c.Cause = "API Gateway answers 504 itself within 30 s, so no answer at all means the network path from here to API Gateway is blocked (a proxy, a firewall, or private DNS in this VPC resolving execute-api names to an endpoint, R5)"
			c.Fix = "run doctor from another network, or curl the URL with -v"
			c.Facts = []string{"R5"}
		} else {
			c.Summary = "the request failed: " + err.Error()
			c.Cause = "the API's name does not resolve or TLS to API Gateway fails from here: the API was deleted, or this network intercepts HTTPS"
			c.Fix = "curl -v " + url + "; vpclink refresh and vpclink up if the API is gone"
		}
		return c
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	ev := fmt.Sprintf("GET %s: %d in %s", url, resp.StatusCode, took)
	for _, h := range []string{"x-amzn-ErrorType", "apigw-requestid", "x-amzn-RequestId"} {
		if v := resp.Header.Get(h); v != "" {
			ev += fmt.Sprintf(", %s: %s", h, v)
		}
	}
	c.Evidence = []string{ev}
	if b := strings.TrimSpace(string(body)); b != "" && resp.StatusCode >= 300 {
		c.Evidence = append(c.Evidence, "body: "+oneLine(b, 200))
	}
	c.Status, c.Summary, c.Cause, c.Fix, c.Facts = classifyStatus(resp.StatusCode, string(body), f, s)
	return c
}

// classifyStatus maps the probe's status to the failure it points at. API Gateway's own errors
// (gateway responses, "API Gateway response types" in the developer guide) and the ALB's (503
// without healthy targets) carry these statuses.
func classifyStatus(code int, body string, f Frontend, s Service) (Status, string, string, string, []string) {
	sum := fmt.Sprintf("%d %s", code, http.StatusText(code))
	switch {
	case code < 400:
		return OK, sum, "", "", nil
	case code == 401:
		return Warn, sum + ": the route asks for credentials (authorization " + f.Authorization + ")",
			"the frontend authorizes callers; the probe sends none, so reaching the authorizer is as far as it gets",
			"probe with a token (jwt) or a SigV4 signature (iam)", nil
	case code == 403 && strings.Contains(body, "Missing Authentication Token"):
		return Fail, sum + ": Missing Authentication Token",
			"a REST API answers 403 Missing Authentication Token for a path or method it has no resource for (or an IAM-authorized route called unsigned): the path or the stage is wrong",
			"check the URL against the frontend's invokeUrls output and the stage name (A12)", []string{"A12"}
	case code == 403:
		return Fail, sum,
			"IAM authorization or the resource policy denies the caller, or private DNS in the caller's VPC resolves every execute-api name to an interface endpoint, which refuses public APIs (R5)",
			"check the API's resource policy and the caller's IAM policy; from a VPC with a private-DNS execute-api endpoint, call public APIs through their custom domain or from elsewhere", []string{"R5", "R11"}
	case code == 404:
		return Fail, sum,
			"no route matched, or the backend got a path it does not serve: the stage name is forwarded in the path unless overwritten (A12), or the path prefix " + s.PathPrefix + " does not match the ALB rule",
			"compare the path the backend received (its logs) with " + s.PathPrefix + "; vpclink overwrites the path on HTTP integrations, so a 404 from an older stack needs vpclink up", []string{"A12"}
	case code == 429:
		return Warn, sum, "the stage's throttling limits (rateLimit, burstLimit) or the account's quota were hit", "raise vpclink:frontends[].throttling, or probe again", nil
	case code == 500:
		return Fail, sum,
			"the integration is misconfigured: an HTTP integration URI that is a load balancer ARN instead of a listener ARN (A11), a wrong payload format, or a broken mapping",
			"vpclink up restores vpclink's integrations; read the stage's access log for integrationErrorMessage", []string{"A11"}
	case code == 502:
		return Fail, sum,
			"the backend's answer did not reach API Gateway intact: the connection was reset or closed, the TLS name does not match the listener certificate (A13/A14), or a security group drops the link's traffic",
			"check the security-group and target-group checks; with TLS, tlsServerName must match the certificate", []string{"A13", "A14"}
	case code == 503:
		return Fail, sum,
			"no healthy target: the load balancer has none to send to, or the VPC link is not AVAILABLE",
			"see the target-group, ecs-service and vpc-link checks", nil
	case code == 504:
		return Fail, sum,
			"the integration timed out: the backend took longer than the integration timeout (REST at most 29 s, A1; HTTP at most 30 s, A2), or the link cannot reach the load balancer so the connection hangs",
			"make the backend answer faster, or lower its work per request; check the security-group chain from the link to the load balancer", []string{"A1", "A2"}
	case code >= 500:
		return Fail, sum, "the frontend or the backend failed", "read the stage's access log", nil
	}
	return Warn, sum, "the backend refused the probe request", "probe a path the backend answers with 200 (--probe-path)", nil
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}
