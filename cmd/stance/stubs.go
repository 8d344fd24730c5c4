package main

func trainCommand() *command    { return &command{name: "train"} }
func classifyCommand() *command { return &command{name: "classify"} }
func evalCommand() *command     { return &command{name: "eval"} }
