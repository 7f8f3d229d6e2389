if(MSRT_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined)
    # GCC's flow analysis is misled by the sanitizer instrumentation: -Wmaybe-uninitialized then reports false
    # positives inside the standard library (std::regex, through Catch2's main) and -Werror stops the build.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        add_compile_options(-Wno-maybe-uninitialized)
    endif()
endif()
