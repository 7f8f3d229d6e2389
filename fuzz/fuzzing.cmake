# MSRT_FUZZ: libFuzzer build (clang only). Every library is instrumented for coverage and built with ASan and
# UBSan, so a fuzz target sees the code it drives; the targets themselves link libFuzzer (fuzz/CMakeLists.txt).
# Configure a separate build folder:
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DMSRT_FUZZ=ON -DMSRT_BUILD_PLUGIN=OFF -DMSRT_BUILD_TESTS=OFF
if(MSRT_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "MSRT_FUZZ needs clang (CC=clang CXX=clang++); found ${CMAKE_CXX_COMPILER_ID}")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined)
endif()
