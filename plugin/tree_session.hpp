#pragma once

#include "conversation_state.hpp"
#include "tree.hpp"

namespace lmsrt {

// Session, direction, links, Message-ID check and state after the message. `m` is null for a framing error.
void add_session_items(const Ctx& c, proto_tree* tree, proto_item* item, const Session& s,
                       const MsgInfo& info, const msrt::Message* m);

}  // namespace lmsrt
