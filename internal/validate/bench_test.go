// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package validate_test

import (
	"strings"
	"testing"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/validate"
)

func BenchmarkCertificates(b *testing.B) {
	chain, _ := certChain(b, 3)
	b.ReportAllocs()
	b.SetBytes(int64(len(chain)))
	for b.Loop() {
		if _, err := validate.Certificates(chain); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTagKey(b *testing.B) {
	keys := map[string]string{
		"ascii":   "cost-center:team/platform@example.com",
		"unicode": "コスト\u3000センター:チーム",
		"maximum": strings.Repeat("鍵", validate.TagKeyMaxLength),
	}
	for name, key := range keys {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := validate.TagKey(key); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
