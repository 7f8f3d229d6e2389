// Entry points of the subcommands; each returns the process exit status (0 ok, 1 findings, 2 usage/input).
#pragma once

namespace msrt::cli {

int synth_main(int argc, char** argv);
int decode_main(int argc, char** argv);
int sessions_main(int argc, char** argv);
int state_main(int argc, char** argv);
int events_main(int argc, char** argv);
int emulate_main(int argc, char** argv);

}  // namespace msrt::cli
