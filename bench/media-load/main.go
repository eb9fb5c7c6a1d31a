// Simulated participants for bench/media-load.ts (issue 17): AUDIO audio-only participants and VIDEO video
// participants (camera and microphone) in one LiveKit room, joined alternately through the nodes given in
// -urls, each publishing synthetic samples (Opus-shaped audio, VP8-shaped video with a keyframe every 2 s:
// the SFU forwards packets without decoding them) and subscribing to everyone else. The packet loss each
// client sees is counted from the RTP sequence numbers of what it receives. Prints one JSON line.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
)

// audioSamples: 20 ms Opus-shaped frames of 80 bytes (32 kbit/s), the first byte a CELT full-band 20 ms TOC.
type audioSamples struct{ lksdk.BaseSampleProvider }

func (*audioSamples) NextSample(context.Context) (media.Sample, error) {
	data := make([]byte, 80)
	rand.Read(data)
	data[0] = 0xf8
	return media.Sample{Data: data, Duration: 20 * time.Millisecond}, nil
}

// videoSamples: 30 frames/s of VP8-shaped frames (about 600 kbit/s), a key frame (with VP8's start code
// and a 640×360 size) every 60 frames, so that the SFU forwards it to new subscribers as a real one.
type videoSamples struct {
	lksdk.BaseSampleProvider
	frame int
}

func (v *videoSamples) NextSample(context.Context) (media.Sample, error) {
	key := v.frame%60 == 0
	v.frame++
	size := 2500
	if key {
		size = 12000
	}
	data := make([]byte, size)
	rand.Read(data)
	// Frame tag: bit 0 = 0 for a key frame, version 0, show_frame, first partition size 10.
	data[0], data[1], data[2] = 0x50, 0x01, 0x00
	if key {
		copy(data[3:], []byte{0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01})
	} else {
		data[0] |= 0x01
	}
	return media.Sample{Data: data, Duration: time.Second / 30}, nil
}

// received: what one client got on one subscribed track.
type received struct {
	kind           string
	packets        uint64
	first, highest uint64 // extended sequence numbers
	last           uint16
	started        bool
}

func (r *received) add(seq uint16) {
	if !r.started {
		r.started, r.last, r.first, r.highest = true, seq, uint64(seq), uint64(seq)
		r.packets = 1
		return
	}
	r.packets++
	diff := int16(seq - r.last)
	if diff > 0 {
		r.highest += uint64(diff)
		r.last = seq
	}
}

type result struct {
	Joined        int                `json:"joined"`
	Failed        []string           `json:"failed"`
	Subscriptions int                `json:"subscriptions"`
	Loss          map[string]summary `json:"loss"`
	Seconds       float64            `json:"seconds"`
}
type summary struct {
	Expected   uint64  `json:"expected"`
	Received   uint64  `json:"received"`
	LostPct    float64 `json:"lostPct"`
	WorstPct   float64 `json:"worstPct"`
	Tracks     int     `json:"tracks"`
	PacketsSec float64 `json:"packetsPerSecond"`
}

func main() {
	urls := flag.String("urls", "", "LiveKit nodes, comma-separated (ws://…)")
	key := flag.String("key", "", "API key")
	secret := flag.String("secret", "", "API secret")
	room := flag.String("room", "media-load", "room name")
	audio := flag.Int("audio", 20, "audio-only participants")
	video := flag.Int("video", 5, "video participants (camera and microphone)")
	settle := flag.Duration("settle", 5*time.Second, "time after everyone joined before counting")
	duration := flag.Duration("duration", 20*time.Second, "time counted")
	flag.Parse()
	nodes := strings.Split(*urls, ",")
	lksdk.SetLogger(protoLogger.GetDiscardLogger())

	var mu sync.Mutex
	var counting atomic.Bool
	tracks := []*received{}
	rooms := []*lksdk.Room{}
	out := result{Failed: []string{}, Loss: map[string]summary{}}
	var wg sync.WaitGroup
	for i := 0; i < *audio+*video; i++ {
		withVideo := i >= *audio
		identity := fmt.Sprintf("audio-%02d", i)
		if withVideo {
			identity = fmt.Sprintf("video-%02d", i-*audio)
		}
		wg.Add(1)
		go func(i int, identity string, withVideo bool) {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 150 * time.Millisecond)
			callback := &lksdk.RoomCallback{ParticipantCallback: lksdk.ParticipantCallback{
				OnTrackSubscribed: func(track *webrtc.TrackRemote, _ *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
					r := &received{kind: track.Kind().String()}
					mu.Lock()
					tracks = append(tracks, r)
					mu.Unlock()
					go func() {
						for {
							packet, _, err := track.ReadRTP()
							if err != nil {
								return
							}
							if counting.Load() {
								mu.Lock()
								r.add(packet.SequenceNumber)
								mu.Unlock()
							}
						}
					}()
				},
			}}
			r, err := lksdk.ConnectToRoom(nodes[i%len(nodes)], lksdk.ConnectInfo{
				APIKey: *key, APISecret: *secret, RoomName: *room, ParticipantIdentity: identity,
			}, callback)
			if err != nil {
				mu.Lock()
				out.Failed = append(out.Failed, identity+": "+err.Error())
				mu.Unlock()
				return
			}
			mu.Lock()
			rooms = append(rooms, r)
			mu.Unlock()
			publish := func(mime string, provider lksdk.SampleProvider, name string) {
				codec := webrtc.RTPCodecCapability{MimeType: mime, ClockRate: clockRate(mime), Channels: channels(mime)}
				track, err := lksdk.NewLocalTrack(codec)
				if err == nil {
					err = track.StartWrite(provider, nil)
				}
				if err == nil {
					_, err = r.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: name})
				}
				if err != nil {
					mu.Lock()
					out.Failed = append(out.Failed, identity+" "+name+": "+err.Error())
					mu.Unlock()
				}
			}
			publish(webrtc.MimeTypeOpus, &audioSamples{}, "microphone")
			if withVideo {
				publish(webrtc.MimeTypeVP8, &videoSamples{}, "camera")
			}
		}(i, identity, withVideo)
	}
	wg.Wait()
	time.Sleep(*settle)
	mu.Lock()
	for _, t := range tracks {
		t.started = false
		t.packets = 0
	}
	mu.Unlock()
	counting.Store(true)
	fmt.Fprintln(os.Stderr, "counting")
	start := time.Now()
	time.Sleep(*duration)
	counting.Store(false)
	out.Seconds = time.Since(start).Seconds()

	mu.Lock()
	out.Joined = len(rooms)
	out.Subscriptions = len(tracks)
	for _, kind := range []string{"audio", "video"} {
		s := summary{}
		for _, t := range tracks {
			if t.kind != kind || !t.started {
				continue
			}
			expected := t.highest - t.first + 1
			s.Expected += expected
			s.Received += min(t.packets, expected)
			s.Tracks++
			worst := 100 * float64(expected-min(t.packets, expected)) / float64(expected)
			s.WorstPct = max(s.WorstPct, worst)
		}
		if s.Expected > 0 {
			s.LostPct = 100 * float64(s.Expected-s.Received) / float64(s.Expected)
		}
		s.PacketsSec = float64(s.Received) / out.Seconds
		out.Loss[kind] = s
	}
	mu.Unlock()
	for _, r := range rooms {
		r.Disconnect()
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
	if out.Joined == 0 {
		os.Exit(1)
	}
}

func clockRate(mime string) uint32 {
	if mime == webrtc.MimeTypeOpus {
		return 48000
	}
	return 90000
}

func channels(mime string) uint16 {
	if mime == webrtc.MimeTypeOpus {
		return 2
	}
	return 0
}
