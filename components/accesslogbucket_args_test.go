package components

import (
	"strings"
	"testing"
)

func TestAccessLogBucketRefusesBadArgs(t *testing.T) {
	for _, tc := range []struct {
		args AccessLogBucketArgs
		says string
	}{
		{AccessLogBucketArgs{RetentionDays: 0, AlbPrefixes: []string{"alb"}}, "retentionDays 0"},
		{AccessLogBucketArgs{RetentionDays: 7}, "at least one ALB or NLB prefix"},
		{AccessLogBucketArgs{RetentionDays: 7, AlbPrefixes: []string{"x/AWSLogs"}}, "not contain AWSLogs"},
	} {
		if err := tc.args.validate("logs"); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%+v: error %v, want one saying %q", tc.args, err, tc.says)
		}
	}
}
