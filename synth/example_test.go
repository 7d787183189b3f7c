package synth_test

import (
	"fmt"
	"time"

	"attache/synth"
)

func ExampleGenerate() {
	synth.Generate(1, 3, func(a synth.Article) bool {
		fmt.Println(a.ID, a.Published.Format(time.DateOnly), a.Publisher)
		fmt.Println(" ", a.Title)
		return true
	})
	// Output:
	// synth-1-0000000 2023-08-03 The Northern Courier
	//   China pledges aid to typhoon-hit Pakistan
	// synth-1-0000001 2025-08-17 Asia Pacific Daily
	//   Uzbekistan summons Iranian envoy over ban on grain imports
	// synth-1-0000002 2023-02-27 The Atlas Bulletin
	//   Israel slaps sanctions on Pakistani officials
}
