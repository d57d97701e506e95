# The workload of each scenario in each mode, as arguments of the generator (herald-bench).
# Sourced by run.sh. Rates in `ramp` are publishes per second: with S subscribers on one topic each
# publish is S deliveries, so 5/s at 10k subscribers offers 50k deliveries/s.
# shellcheck shell=bash disable=SC2034,SC2054 # arrays read by run.sh; commas separate values

# Which servers each scenario runs against. `blaster` is the harness's trivial sender: the
# calibration, and the latency floor the generator itself adds.
targets_of() {
  case $1 in
    calibration) echo blaster ;;
    latency) echo herald nchan blaster ;;
    batch) echo herald ;; # nchan publishes one message per request
    *) echo herald nchan ;;
  esac
}

# Sets REPEATS, FRESH_SERVER_PER_RUN and ARGS_<scenario> (an array per scenario) for the mode.
load_profile() {
  SCENARIOS=(calibration idle fanout latency topics publish batch churn storm h2)
  case $1 in
    full)
      REPEATS=3
      # Every run on a server just started: no leftovers of an earlier run (dead streams a server
      # has not noticed yet, a heap grown by 18k connections) and a clean memory baseline.
      FRESH_SERVER_PER_RUN=true
      # Sized to finish in about 35 minutes on 2 cores; most of it is starting Liberty, connecting
      # 10k-18k subscribers to Herald and waiting for it to notice closed ones (two 15 s
      # heartbeats). Each ramp first warms up (unrecorded) at a rate that makes a fresh JVM
      # compile its hot paths; nchan gets the same warm-up, as the workload is the same.
      ARGS_calibration=(ramp --scenario calibration --subscribers 10000 --topics 1
        --rates 1,2,5,10,15,20,30,40,60,80,100 --step-seconds 3 --drain-seconds 5
        --warmup-seconds 5 --warmup-rate 5 --stop-at-saturation true)
      ARGS_idle=(idle --levels 1000,5000,10000,18000 --settle-seconds 2)
      # The fan-out ramp decides two targets, one of them a p99: its steps are 5 s (25 events at
      # the 50k deliveries/s point, where 3 s gave 15 and a p99 that moved 50 % between runs),
      # and its warm-up is 30 s, about what a fresh Liberty JVM takes to finish compiling the
      # delivery path at that load (p99 settled after 20-30 s in longer runs here).
      ARGS_fanout=(ramp --scenario fanout --subscribers 10000 --topics 1
        --rates 1,2,5,10,15,20,30,40,60,80,100 --step-seconds 5 --drain-seconds 5
        --warmup-seconds 30 --warmup-rate 5 --stop-at-saturation true)
      # Publishing runs through far more of Liberty (HTTP, servlet, CDI, JAX-RS) than delivering,
      # and a fresh JVM on one core takes 40-50 s of publishing to compile it: at a steady
      # 500 publishes/s its CPU fell from 98 % to 20 % over that time. The scenarios where every
      # delivery is a publish warm up for 45 s.
      ARGS_latency=(ramp --scenario latency --subscribers 100 --topics 1 --rates 100
        --step-seconds 8 --warmup-seconds 45 --warmup-rate 200)
      ARGS_topics=(ramp --scenario topics --subscribers 10000 --topics 10000
        --rates 500,1000,2000,3000,5000,7500,10000,15000,20000 --step-seconds 3 --drain-seconds 5
        --warmup-seconds 45 --warmup-rate 1000 --stop-at-saturation true)
      ARGS_churn=(churn --subscribers 1000 --rates 100,300,1000 --step-seconds 4
        --settle-seconds 40)
      # The cost of a publish request, closed loop (4 connections, each sending its next request
      # when the last is answered) over 1,000 topics and no subscribers: Herald's JSON event with
      # its bearer token against nchan's text message. 60 s of warm-up: a fresh Liberty JVM takes
      # 40-50 s of publishing to compile the request path (the CPU per request stops falling).
      ARGS_publish=(publish --publishers 4 --topics 1000 --seconds 20 --warmup-seconds 60)
      ARGS_batch=(publish --scenario batch --batch 100 --publishers 4 --topics 1000
        --seconds 20 --warmup-seconds 60)
      # A deploy: 10k subscribers cut at once, 100 events published while they are away, all back
      # within 1 s with Last-Event-ID. Warm-up (unrecorded): three storms of 5,000 on topics of
      # their own, i.e. 15k stream opens, 15k resumes and 1.5M replayed frames, as many frames as
      # the fan-out warm-up (30 s at 50k deliveries/s) that a fresh Liberty JVM needs to finish
      # compiling its delivery path, and the open and resume paths far past C2's thresholds.
      ARGS_storm=(storm --subscribers 10000 --missed 100 --spread-seconds 1
        --warmup-subscribers 5000 --warmup-rounds 3)
      # SSE over HTTP/2 and TLS as a browser opens it: 100 connections x 100 streams (10k), added
      # in stages of streams per connection for the memory a stream costs, then publishes to all
      # (10k ... 100k deliveries/s). 100 streams per connection is Liberty's default limit, and
      # nchan's as set in conf/nchan.conf.template.
      ARGS_h2=(h2 --connections 100 --streams-per-connection 1,50,100 --settle-seconds 2
        --rates 1,2,5,10 --step-seconds 5 --drain-seconds 5 --warmup-seconds 10
        --stop-at-saturation true)
      ;;
    quick)
      REPEATS=1
      FRESH_SERVER_PER_RUN=true
      ARGS_calibration=(ramp --scenario calibration --subscribers 1000 --topics 1
        --rates 5,20,50,100,200 --step-seconds 2 --drain-seconds 3 --warmup-seconds 4
        --warmup-rate 20 --stop-at-saturation true)
      ARGS_idle=(idle --levels 500,1000,2000 --settle-seconds 1)
      ARGS_fanout=(ramp --scenario fanout --subscribers 1000 --topics 1
        --rates 5,20,50,100,200 --step-seconds 2 --drain-seconds 3 --warmup-seconds 4
        --warmup-rate 20 --stop-at-saturation true)
      ARGS_latency=(ramp --scenario latency --subscribers 100 --topics 1 --rates 100
        --step-seconds 3 --warmup-seconds 4 --warmup-rate 500)
      ARGS_topics=(ramp --scenario topics --subscribers 1000 --topics 1000
        --rates 200,500,1000,2000 --step-seconds 2 --drain-seconds 3 --warmup-seconds 4
        --warmup-rate 500 --stop-at-saturation true)
      ARGS_churn=(churn --subscribers 200 --rates 50,200 --step-seconds 2 --settle-seconds 35)
      ARGS_publish=(publish --publishers 4 --topics 100 --seconds 5 --warmup-seconds 5)
      ARGS_batch=(publish --scenario batch --batch 100 --publishers 4 --topics 100 --seconds 5
        --warmup-seconds 5)
      ARGS_storm=(storm --subscribers 1000 --missed 100 --spread-seconds 1
        --warmup-subscribers 1000 --warmup-rounds 1)
      ARGS_h2=(h2 --connections 20 --streams-per-connection 1,25,50 --settle-seconds 1
        --rates 5,20,50 --step-seconds 2 --drain-seconds 3 --warmup-seconds 4
        --stop-at-saturation true)
      ;;
    smoke)
      REPEATS=1
      # Tiny workloads leave nothing that disturbs the next scenario: one server per target serves
      # the whole smoke run, which saves a Liberty start per scenario.
      FRESH_SERVER_PER_RUN=false
      ARGS_calibration=(ramp --scenario calibration --subscribers 50 --topics 1 --rates 10
        --step-seconds 1 --warmup-seconds 0.5 --drain-seconds 3)
      ARGS_idle=(idle --levels 20,50 --settle-seconds 0.5)
      ARGS_fanout=(ramp --scenario fanout --subscribers 50 --topics 1 --rates 10,20
        --step-seconds 1 --warmup-seconds 0.5 --drain-seconds 3)
      ARGS_latency=(ramp --scenario latency --subscribers 50 --topics 1 --rates 20
        --step-seconds 1 --warmup-seconds 0.5 --drain-seconds 3)
      ARGS_topics=(ramp --scenario topics --subscribers 50 --topics 50 --rates 50
        --step-seconds 1 --warmup-seconds 0.5 --drain-seconds 3)
      # Not waiting for a server to notice closed peers: the smoke run checks the harness only.
      ARGS_churn=(churn --subscribers 20 --rates 20 --step-seconds 1 --settle-seconds 1)
      ARGS_publish=(publish --publishers 2 --topics 10 --seconds 1 --warmup-seconds 0.5)
      ARGS_batch=(publish --scenario batch --batch 10 --publishers 2 --topics 10 --seconds 1
        --warmup-seconds 0.5)
      ARGS_storm=(storm --subscribers 20 --missed 10 --spread-seconds 0.2 --timeout-seconds 10)
      ARGS_h2=(h2 --connections 4 --streams-per-connection 1,10 --settle-seconds 0.5
        --rates 10 --step-seconds 1 --drain-seconds 3 --warmup-seconds 0.5)
      ;;
    *) return 1 ;;
  esac
}
